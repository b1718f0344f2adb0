import type { KindDescriptor } from '@kubekit/core';
import { type Clock, InvalidInputError, systemClock } from '@kubekit/core';
import { builtinKinds } from './kinds/builtins.js';
import { loadDefaultKubeConfig } from './kubeConfig.js';
import type { KubeConfigLike } from './kubeConfigLike.js';

/** Server-side field validation of writes: how unknown or duplicate fields are treated. */
export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

/** Options of {@link Client}. Every field is optional; `resolveClientOptions` fills the defaults. */
export interface ClientOptions {
  /**
   * Cluster and credentials (kubeconfig file, in-cluster service account, exec plugins, OIDC, client
   * certificates, tokens: whatever client-node's `KubeConfig` supports). Its current context is used.
   * @default `new KubeConfig()` loaded with `loadFromDefault()` ($KUBECONFIG, ~/.kube/config, in-cluster)
   */
  kubeConfig?: KubeConfigLike;
  /** Time allowed for one attempt, until the full answer (for watches: until the headers), on `clock`; 0 = none. @default 30000 */
  requestTimeoutMs?: number;
  /** Client-side rate limit: requests per second (sustained); 0 or Infinity turns it off. @default 20 */
  qps?: number;
  /** Client-side rate limit: requests allowed at once above `qps`. @default 30 */
  burst?: number;
  /** Retries of one request after a retryable failure (see docs/client.md). @default 3 */
  maxRetries?: number;
  /** Delay before the first retry; doubles for each further retry. @default 200 */
  retryBaseDelayMs?: number;
  /** Longest wait between retries; also caps the server's `Retry-After`. @default 10000 */
  retryMaxDelayMs?: number;
  /** `fieldManager` of writes that do not name one. Server-side apply needs one. @default 'kubekit' */
  fieldManager?: string;
  /** `fieldValidation` of writes that do not name one. @default undefined (the server's default, `Warn`) */
  fieldValidation?: FieldValidation;
  /** `User-Agent` header. @default 'kubekit/0.1.0' */
  userAgent?: string;
  /**
   * Ask the server for gzip-compressed answers (it compresses large ones: lists and watch streams,
   * a streaming list included). Off by default, as in kube-rs and in Kubernetes' own control-plane
   * components (client-go asks for gzip unless `DisableCompression`): near the API server the
   * unpacking costs more CPU than the bytes save (on Pods, about 10% of an informer's CPU per object
   * at sync and 15% per watch event), while the answers are about 5× larger. Turn it on for a slow
   * or metered link. @default false
   */
  compression?: boolean;
  /**
   * Called with each warning the API server sends (`Warning` headers: deprecated APIs, unknown
   * fields under `fieldValidation: Warn`, admission webhooks' warnings), as client-go's
   * `WarningHandler`. @default warnings are ignored
   */
  onWarning?: (warning: string) => void;
  /** Clock of request timeouts, retry backoff, the rate limiter and discovery refreshes (tests inject a fake). @default the system clock */
  clock?: Clock;
  /**
   * Kinds mapped without discovery, also when named by a bare `{ apiVersion, kind }` or by an object
   * (`create(obj)`). Descriptors that do not declare `plural` and `scope` are ignored.
   * @default every kind of `builtinKinds`
   */
  kinds?: readonly KindDescriptor[];
  /**
   * Shortest time between the starts of two discovery refreshes caused by misses (a kind or name
   * that `client.discovery` does not know): a miss within it waits for the next refresh and shares
   * it, so a flood of misses costs one refresh per interval. `discovery.refresh()` is not limited.
   * @default 1000
   */
  discoveryMinRefreshIntervalMs?: number;
}

/** {@link ClientOptions} with every default filled in. */
export interface ResolvedClientOptions {
  kubeConfig: KubeConfigLike;
  requestTimeoutMs: number;
  qps: number;
  burst: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  fieldManager: string;
  fieldValidation: FieldValidation | undefined;
  userAgent: string;
  compression: boolean;
  onWarning: ((warning: string) => void) | undefined;
  clock: Clock;
  kinds: readonly KindDescriptor[];
  discoveryMinRefreshIntervalMs: number;
}

/** Default of `requestTimeoutMs`. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Default of `qps` (controller-runtime's). */
export const DEFAULT_QPS = 20;
/** Default of `burst` (controller-runtime's). */
export const DEFAULT_BURST = 30;
/** Default of `maxRetries`. */
export const DEFAULT_MAX_RETRIES = 3;
/** Default of `discoveryMinRefreshIntervalMs`. */
export const DEFAULT_DISCOVERY_MIN_REFRESH_INTERVAL_MS = 1000;
/** Default of `compression`: no gzip (see {@link ClientOptions.compression}). */
export const DEFAULT_COMPRESSION = false;
/** Default of `fieldManager`. */
export const DEFAULT_FIELD_MANAGER = 'kubekit';

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || Number.isNaN(v) || v < 0) {
    throw new InvalidInputError(`options.${name}`, `must be a number >= 0, got ${String(v)}`);
  }
  return v;
}

/**
 * Fills the defaults of {@link ClientOptions}; throws `InvalidInputError` naming a bad option, and
 * `KubeConfigError` when no `kubeConfig` is given and the default one cannot be loaded.
 */
export function resolveClientOptions(options: ClientOptions = {}): ResolvedClientOptions {
  const kubeConfig = options.kubeConfig ?? loadDefaultKubeConfig();
  const fieldValidation = options.fieldValidation;
  if (fieldValidation !== undefined && !['Ignore', 'Warn', 'Strict'].includes(fieldValidation)) {
    throw new InvalidInputError('options.fieldValidation', `must be Ignore, Warn or Strict, got ${fieldValidation}`);
  }
  const fieldManager = options.fieldManager ?? DEFAULT_FIELD_MANAGER;
  if (fieldManager === '' || fieldManager.length > 128) {
    throw new InvalidInputError('options.fieldManager', 'must have 1 to 128 characters');
  }
  return {
    kubeConfig,
    requestTimeoutMs: nonNegative('requestTimeoutMs', options.requestTimeoutMs, DEFAULT_REQUEST_TIMEOUT_MS),
    qps: nonNegative('qps', options.qps, DEFAULT_QPS),
    burst: Math.max(1, nonNegative('burst', options.burst, DEFAULT_BURST)),
    maxRetries: nonNegative('maxRetries', options.maxRetries, DEFAULT_MAX_RETRIES),
    retryBaseDelayMs: nonNegative('retryBaseDelayMs', options.retryBaseDelayMs, 200),
    retryMaxDelayMs: nonNegative('retryMaxDelayMs', options.retryMaxDelayMs, 10_000),
    fieldManager,
    fieldValidation,
    userAgent: options.userAgent ?? 'kubekit/0.1.0',
    compression: options.compression ?? DEFAULT_COMPRESSION,
    onWarning: options.onWarning,
    clock: options.clock ?? systemClock,
    kinds: options.kinds ?? Object.values(builtinKinds),
    discoveryMinRefreshIntervalMs: nonNegative(
      'discoveryMinRefreshIntervalMs',
      options.discoveryMinRefreshIntervalMs,
      DEFAULT_DISCOVERY_MIN_REFRESH_INTERVAL_MS,
    ),
  };
}
