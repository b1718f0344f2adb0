import type { ApiError, Status } from './errors.js';
import type { KubeObject } from './object.js';

/**
 * One watch event, told apart by `type`. `BOOKMARK` carries only the new resourceVersion;
 * `ERROR` carries the server's `Status` as a typed error (410 becomes a `GoneError`: list again).
 */
export type WatchEvent<T extends KubeObject = KubeObject> =
  | {
      /** The object was created, changed, or deleted. */
      readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
      /** The object as it is now (for `DELETED`: its last state). */
      readonly object: T;
    }
  | {
      /** Nothing changed; the watch has seen everything up to `resourceVersion`. */
      readonly type: 'BOOKMARK';
      /** An object of the kind with only `metadata.resourceVersion` (and annotations) set. */
      readonly object: T;
      /** The resourceVersion to resume a watch from. */
      readonly resourceVersion: string;
    }
  | {
      /** The server ended the watch with a failure. */
      readonly type: 'ERROR';
      /** The failure as a typed error: `GoneError` for 410 (list again). */
      readonly error: ApiError;
      /** The server's `Status`, as sent. */
      readonly status: Status;
    };
