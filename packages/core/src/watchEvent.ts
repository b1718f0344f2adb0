import type { ApiError, Status } from './errors.js';
import type { KubeObject } from './object.js';

/**
 * One watch event, told apart by `type`. `BOOKMARK` carries only the new resourceVersion;
 * `ERROR` carries the server's `Status` as a typed error (410 becomes a `GoneError`: list again).
 */
export type WatchEvent<T extends KubeObject = KubeObject> =
  | { readonly type: 'ADDED' | 'MODIFIED' | 'DELETED'; readonly object: T }
  | { readonly type: 'BOOKMARK'; readonly object: T; readonly resourceVersion: string }
  | { readonly type: 'ERROR'; readonly error: ApiError; readonly status: Status };
