/**
 * The defaults of every option of `@kubekit/manager`, in one place: each `resolveXxxOptions()`
 * fills a missing option from here (explicit value, then the manager-wide value, then these), so
 * a default is written once; the `@default` tags repeat them for readers. The rate limiter of
 * failed requests keeps its defaults with the rate limiters.
 */

/** Controller: reconciles at once. */
export const DEFAULT_MAX_CONCURRENT_RECONCILES = 1;
/** Controller: a reconcile's timeout in ms; 0 for none. */
export const DEFAULT_RECONCILE_TIMEOUT_MS = 0;
/** Controller: how long `start` waits for the watched kinds' caches to sync. */
export const DEFAULT_CACHE_SYNC_TIMEOUT_MS = 120_000;
/** Controller: runs only on the elected leader. */
export const DEFAULT_NEED_LEADER_ELECTION = true;
/** Controller: starts its watches only once elected (no warm standby). */
export const DEFAULT_WARMUP = false;
/** Owner watches (`owns`, `enqueueRequestForOwner`): reconcile the controller owner only. */
export const DEFAULT_ONLY_CONTROLLER = true;

/** Manager: how long shutdown waits for runnables to stop. */
export const DEFAULT_GRACEFUL_SHUTDOWN_TIMEOUT_MS = 30_000;
/** Manager: the address the probe and metrics servers listen on. */
export const DEFAULT_BIND_ADDRESS = '0.0.0.0';

/** Leader election: how long a lease is held without renewal. */
export const DEFAULT_LEASE_DURATION_MS = 15_000;
/** Leader election: how long the leader keeps trying to renew before it gives up. */
export const DEFAULT_RENEW_DEADLINE_MS = 10_000;
/** Leader election: time between attempts to acquire or renew. */
export const DEFAULT_RETRY_PERIOD_MS = 2_000;
/** Leader election: the namespace of the Lease outside a cluster. */
export const DEFAULT_LEASE_NAMESPACE = 'default';

/** Event recorder: a repeat within this window updates the first event's series (6 min, as client-go). */
export const DEFAULT_SERIES_WINDOW_MS = 360_000;

/** Work queue: its name in metrics. */
export const DEFAULT_QUEUE_NAME = 'queue';
/** Work queue: keys taken ahead of waiting lower-priority ones before the longest-waiting goes next. */
export const DEFAULT_MAX_PRIORITY_STREAK = 10;

/** Webhook server: the HTTPS port (controller-runtime's). */
export const DEFAULT_WEBHOOK_PORT = 9443;
/** Webhook server: the file of the serving certificate (PEM, with its chain) in the certificate directory. */
export const DEFAULT_WEBHOOK_CERT_NAME = 'tls.crt';
/** Webhook server: the file of the serving key (PEM) in the certificate directory. */
export const DEFAULT_WEBHOOK_KEY_NAME = 'tls.key';
/** Webhook server: the lowest TLS version it accepts. */
export const DEFAULT_WEBHOOK_TLS_MIN_VERSION = 'TLSv1.2';
/** Webhook server: how often the certificate files are read again (besides file-change events). */
export const DEFAULT_WEBHOOK_CERT_POLL_INTERVAL_MS = 10_000;
/**
 * Webhook server: the largest request body it reads, in bytes; larger ones get 413. An
 * AdmissionReview carries the object and the old object, each up to the API server's 3 MiB
 * limit, so 7 MiB as controller-runtime.
 */
export const DEFAULT_WEBHOOK_MAX_REQUEST_BYTES = 7 * 1024 * 1024;
/** Webhook server: the path of the conversion webhook, for every kind (controller-runtime's). */
export const DEFAULT_CONVERSION_PATH = '/convert';
