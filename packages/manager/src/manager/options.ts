import type { CachedClientOptions, InformerCacheOptions } from '@kubekit/cache';
import type { ClientOptions, KubeConfigLike } from '@kubekit/client';
import { type Clock, consoleLogger, type Logger, systemClock } from '@kubekit/core';
import {
  DEFAULT_BIND_ADDRESS,
  DEFAULT_CACHE_SYNC_TIMEOUT_MS,
  DEFAULT_GRACEFUL_SHUTDOWN_TIMEOUT_MS,
  DEFAULT_MAX_CONCURRENT_RECONCILES,
  DEFAULT_RECONCILE_TIMEOUT_MS,
  DEFAULT_WARMUP,
} from '../defaults.js';
import type { LeaderElectionOptions } from '../leaderelection/leaderElector.js';
import type { ManagerMetricsOptions } from '../metrics/managerMetrics.js';
import type { ShardingOptions } from '../sharding/shardMember.js';
import type { WebhookServerOptions } from '../webhook/webhookServer.js';

/** Options of `mgr.client` (a `CachedClient`), besides what the manager supplies: client, cache, logger. */
export type ManagerClientOptions = Omit<CachedClientOptions, 'client' | 'cache' | 'logger'>;

/** Defaults for every controller of a manager (each may override them with `withOptions`). */
export interface ControllerDefaults {
  /** @default 1 */
  maxConcurrentReconciles?: number;
  /** Aborts a reconcile's signal after this many ms; 0 for none. @default 0 */
  reconcileTimeoutMs?: number;
  /** How long a controller waits for its caches to sync at start. @default 120_000 */
  cacheSyncTimeoutMs?: number;
  /**
   * Warm standbys: leader-only controllers start their watches and fill their caches on every
   * replica at once, so a newly elected leader reconciles without first listing. @default false
   */
  warmup?: boolean;
}

/** Options of {@link Manager}. */
export interface ManagerOptions {
  /** The cluster. @default loaded as kubectl does: $KUBECONFIG, ~/.kube/config, or in-cluster */
  kubeConfig?: KubeConfigLike;
  /** Options of the API client (rate limit, field manager, kinds...). @default see ClientOptions */
  client?: Omit<ClientOptions, 'kubeConfig'>;
  /** Options of the informer cache (namespaces, selectors, byKind...). @default see InformerCacheOptions */
  cache?: Omit<InformerCacheOptions, 'client'>;
  /**
   * Options of `mgr.client`, the cache-backed client (uncached kinds, read-your-writes, direct-read
   * cache...). @default see CachedClientOptions in docs/client.md
   */
  cachedClient?: ManagerClientOptions;
  /**
   * Leader election on a Lease: only the leader runs leader-only runnables (controllers). `name` is
   * required; the rest have defaults (lease 15 s, renew 10 s, retry 2 s, release on shutdown once
   * every reconcile has ended; see docs/manager.md, "Running many replicas").
   * @default false (no election: every replica runs everything)
   */
  leaderElection?: false | Omit<LeaderElectionOptions, 'clock' | 'logger'>;
  /** Port of `/healthz` and `/readyz`; 0 picks a free one; `false` for none. @default false */
  healthProbePort?: number | false;
  /** Port of `/metrics` (Prometheus); 0 picks a free one; `false` for none. @default false */
  metricsPort?: number | false;
  /** Address the probe and metrics servers listen on. @default '0.0.0.0' */
  bindAddress?: string;
  /** Options of `mgr.metrics` (prom-client's process and runtime collectors). @default see ManagerMetricsOptions */
  metrics?: ManagerMetricsOptions;
  /**
   * Options of `mgr.webhookServer`, made on first use (port 9443, certificates from
   * `<tmpdir>/k8s-webhook-server/serving-certs`, TLS 1.2+). @default see WebhookServerOptions
   */
  webhook?: WebhookServerOptions;
  /** After shutdown begins, how long to wait for runnables to stop before giving up. @default 30_000 */
  gracefulShutdownTimeoutMs?: number;
  /** Defaults of every controller. @default see ControllerDefaults */
  controller?: ControllerDefaults;
  /**
   * Shard every controller over the replicas (active-active; a controller opts out with
   * `withOptions({ sharding: false })`). See docs/manager.md, "Sharding". @default false
   */
  sharding?: ShardingOptions | false;
  /** The logger of the manager and of every reconcile (pino fits). @default consoleLogger() */
  logger?: Logger;
  /** Time source of queues, backoff, timeouts and leader election. @default the system clock */
  clock?: Clock;
}

/** {@link ManagerOptions} with the defaults filled in. */
export interface ResolvedManagerOptions {
  kubeConfig: KubeConfigLike | undefined;
  client: Omit<ClientOptions, 'kubeConfig'>;
  cache: Omit<InformerCacheOptions, 'client'>;
  cachedClient: ManagerClientOptions;
  leaderElection: false | Omit<LeaderElectionOptions, 'clock' | 'logger'>;
  healthProbePort: number | false;
  metricsPort: number | false;
  bindAddress: string;
  metrics: ManagerMetricsOptions;
  webhook: WebhookServerOptions;
  gracefulShutdownTimeoutMs: number;
  controller: Required<ControllerDefaults>;
  sharding: ShardingOptions | false;
  logger: Logger;
  clock: Clock;
}

/** Fills in the defaults of {@link ManagerOptions}. */
export function resolveManagerOptions(options: ManagerOptions = {}): ResolvedManagerOptions {
  return {
    kubeConfig: options.kubeConfig,
    client: options.client ?? {},
    cache: options.cache ?? {},
    cachedClient: options.cachedClient ?? {},
    leaderElection: options.leaderElection ?? false,
    healthProbePort: options.healthProbePort ?? false,
    metricsPort: options.metricsPort ?? false,
    bindAddress: options.bindAddress ?? DEFAULT_BIND_ADDRESS,
    metrics: options.metrics ?? {},
    webhook: options.webhook ?? {},
    gracefulShutdownTimeoutMs: options.gracefulShutdownTimeoutMs ?? DEFAULT_GRACEFUL_SHUTDOWN_TIMEOUT_MS,
    controller: {
      maxConcurrentReconciles: options.controller?.maxConcurrentReconciles ?? DEFAULT_MAX_CONCURRENT_RECONCILES,
      reconcileTimeoutMs: options.controller?.reconcileTimeoutMs ?? DEFAULT_RECONCILE_TIMEOUT_MS,
      cacheSyncTimeoutMs: options.controller?.cacheSyncTimeoutMs ?? DEFAULT_CACHE_SYNC_TIMEOUT_MS,
      warmup: options.controller?.warmup ?? DEFAULT_WARMUP,
    },
    sharding: options.sharding ?? false,
    logger: options.logger ?? consoleLogger(),
    clock: options.clock ?? systemClock,
  };
}
