/**
 * The defaults of every option of `@kubekit/cache`, in one place: each `resolveXxxOptions()` fills
 * a missing option from here, so a default is written once (the `@default` tags repeat them for
 * readers). The backoff of failed lists and watches keeps its defaults with `Backoff`.
 */
import { dropManagedFields } from './store/transform.js';

/** Store and informer cache: applied to every object before it is stored. */
export const DEFAULT_TRANSFORM = dropManagedFields;

/** Reflector: objects per list page. */
export const DEFAULT_PAGE_SIZE = 500;
/** Reflector: fill the store with a streaming list (`sendInitialEvents`), not a paged list. */
export const DEFAULT_STREAMING_LIST = true;
/** Reflector: shortest server-side watch timeout (each watch asks for up to twice this): 5 minutes. */
export const DEFAULT_MIN_WATCH_TIMEOUT_MS = 300_000;
/** Reflector: time past the watch timeout with no event or bookmark before a watch counts as stalled. */
export const DEFAULT_IDLE_MARGIN_MS = 30_000;

/** SharedInformer: its name in messages and errors. */
export const DEFAULT_INFORMER_NAME = 'informer';
/** SharedInformer: resync period; 0 turns resync off. */
export const DEFAULT_RESYNC_MS = 0;

/** CachedClient: longest wait of a cached read for the informer to see this client's write. */
export const DEFAULT_READ_YOUR_WRITES_TIMEOUT_MS = 5_000;
/** CachedClient: how long the direct-read cache keeps an answer: a reconcile burst, about an informer's worst lag. */
export const DEFAULT_DIRECT_READ_CACHE_TTL_MS = 2_000;
/** CachedClient: most answers the direct-read cache keeps. */
export const DEFAULT_DIRECT_READ_CACHE_MAX = 1_000;
