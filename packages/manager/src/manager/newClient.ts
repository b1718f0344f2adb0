import type { InformerCache } from '@kubekit/cache';
import type { Client, Reader, StatusWriter, Writer } from '@kubekit/client';

/**
 * The client reconcilers get from a manager: reads from the informer cache, writes to the API
 * server; `apiReader` reads from the API server directly (for the rare read that must not be stale).
 */
export type ManagerClient = Reader &
  Writer & {
    /** Reads that bypass the cache. */
    readonly apiReader: Reader;
    /** Writes of the status subresource. */
    status(): StatusWriter;
  };

/**
 * Builds the manager's client: the one place that decides how reads and writes are split.
 * Today a small composite (reads: `cache`; writes, status and `apiReader`: `client`); the
 * cache-backed client of `@kubekit/cache` (`CachedClient`) replaces it here.
 */
export function newClient(client: Client, cache: InformerCache): ManagerClient {
  return {
    get: (kind, name, options) => cache.get(kind, name, options),
    list: (kind, options) => cache.list(kind, options),
    create: (obj, options) => client.create(obj, options),
    update: (obj, options) => client.update(obj, options),
    patch: (kind, name, patch, options) => client.patch(kind, name, patch, options),
    delete: (kind, name, options) => client.delete(kind, name, options),
    deleteAllOf: (kind, options) => client.deleteAllOf(kind, options),
    status: () => client.status(),
    apiReader: client,
  };
}
