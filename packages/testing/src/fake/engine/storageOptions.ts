import type { ResourceType } from './resourceRegistry.js';
import type { FakeClock, StoredObject } from './types.js';
import type { HistoryEntry } from './watchHub.js';

/** Options of {@link FakeStorage}. */
export interface FakeStorageOptions {
  /** How many writes the event history keeps; watches and continue tokens older than it are 410. @default 10000 */
  historySize?: number;
  /** Time source for creationTimestamp and deletionTimestamp. @default Date.now */
  clock?: FakeClock;
  /** Interval of BOOKMARK events on watches that allow them, in ms. @default 60000 */
  bookmarkIntervalMs?: number;
  /**
   * Whether custom resources, too, need their Namespace object to exist (built-ins always do, as
   * with kube-apiserver's NamespaceLifecycle). @default true
   */
  requireNamespaces?: boolean;
}

/** Write options shared by create, update, patch and delete. */
export interface WriteOptions {
  /** `true` (or `['All']` on the wire): validate and answer, but store nothing. @default false */
  dryRun?: boolean;
  /** `'status'` or `'scale'` to write a subresource. @default undefined */
  subresource?: 'status' | 'scale';
  /** The manager of the change (server-side apply needs one). @default undefined */
  fieldManager?: string;
  /** Server-side apply: take fields another manager owns. @default false */
  force?: boolean;
  /**
   * What to do with fields a built-in kind does not have: drop them (`Ignore`), drop them with a
   * warning (`Warn`), or refuse the write (`Strict`, 400). @default 'Warn'
   */
  fieldValidation?: 'Ignore' | 'Warn' | 'Strict';
  /** Receives the warnings of a write (unknown fields), as the real server sends them in `Warning` headers. @default none */
  onWarning?: (message: string) => void;
}

/** Options of {@link FakeStorage.delete}. */
export interface DeleteOptions extends WriteOptions {
  /** Delete only when the object still has this uid / resourceVersion. @default undefined */
  preconditions?: {
    /** The UID the object must have. */
    uid?: string;
    /** The resourceVersion the object must have. */
    resourceVersion?: string;
  };
  /**
   * Seconds of graceful deletion asked for (kinds that delete gracefully: Pods); 0 deletes at
   * once. @default the kind's own (a Pod's `spec.terminationGracePeriodSeconds`)
   */
  gracePeriodSeconds?: number;
  /** What happens to dependents. @default 'Background' */
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
}

/** Options of {@link FakeStorage.list}. */
export interface ListOptions {
  /** Only objects whose labels match, in kubectl's syntax. @default every object */
  labelSelector?: string;
  /** Only objects whose fields match, in kubectl's syntax. @default every object */
  fieldSelector?: string;
  /** Page size; 0 or undefined is everything. @default undefined */
  limit?: number;
  /** The token of the previous page. @default undefined */
  continue?: string;
  /** List at this resourceVersion (with `resourceVersionMatch: 'Exact'`) or not older than it. @default undefined */
  resourceVersion?: string;
  /** How `resourceVersion` is matched. @default 'NotOlderThan' */
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
}

/** Options of {@link FakeStorage.watch}. */
export interface WatchOptions {
  /** Only events of objects whose labels match, in kubectl's syntax. @default every object */
  labelSelector?: string;
  /** Only events of objects whose fields match, in kubectl's syntax. @default every object */
  fieldSelector?: string;
  /** Events after this resourceVersion; unset or '0': first the current objects as ADDED. @default undefined */
  resourceVersion?: string;
  /** Start with the current objects as ADDED, then a BOOKMARK marking their end. @default false */
  sendInitialEvents?: boolean;
  /** Send BOOKMARK events. @default false */
  allowWatchBookmarks?: boolean;
}

/** A list response. */
export interface FakeList {
  /** The list's group and version. */
  apiVersion: string;
  /** The list's kind, e.g. `ConfigMapList`. */
  kind: string;
  /** Where the list was read, and how to read the next page. */
  metadata: {
    /** The storage's resourceVersion when the list was read: where a watch should start. */
    resourceVersion: string;
    /** The token of the next page; absent on the last page. */
    continue?: string;
    /** How many objects are left after this page. */
    remainingItemCount?: number;
  };
  /** The objects of the page. */
  items: StoredObject[];
}

/** A running watch of the engine; `stop()` ends it. */
export interface FakeWatch {
  /** Ends the watch: no events after it. */
  stop(): void;
}

/** What happened in a write, for controllers that follow the storage (CRDs, GC, namespaces). */
export type StorageListener = (type: ResourceType, entry: HistoryEntry) => void;

/** Resolved {@link FakeStorageOptions}. */
export type ResolvedFakeStorageOptions = Required<FakeStorageOptions>;

/** Fills in the defaults of {@link FakeStorageOptions}. */
export function resolveFakeStorageOptions(o: FakeStorageOptions = {}): ResolvedFakeStorageOptions {
  return {
    historySize: o.historySize ?? 10_000,
    clock: o.clock ?? { now: () => Date.now() },
    bookmarkIntervalMs: o.bookmarkIntervalMs ?? 60_000,
    requireNamespaces: o.requireNamespaces ?? true,
  };
}
