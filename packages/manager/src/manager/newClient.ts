import { CachedClient, type CachedClientOptions, type InformerCache } from '@kubekit/cache';
import type { Client } from '@kubekit/client';
import type { Logger } from '../log/logger.js';

/**
 * The client reconcilers get from a manager: `@kubekit/cache`'s `CachedClient` — reads from the
 * informer cache (reading its own writes), writes, `status()` and `subResource()` to the API
 * server, `apiReader` for reads that must not come from the cache.
 */
export type ManagerClient = CachedClient;

/** Options of the manager's client, besides what the manager supplies (client, cache, logger). */
export type ManagerClientOptions = Omit<CachedClientOptions, 'client' | 'cache' | 'logger'>;

/** Builds the manager's client: the one place that decides how reads and writes are split. */
export function newClient(
  client: Client,
  cache: InformerCache,
  logger: Logger,
  options: ManagerClientOptions = {},
): ManagerClient {
  return new CachedClient({ ...options, client, cache, logger });
}
