import type { KubeObject, Status, WatchEvent } from '@kubekit/core';
import { findFakeApiError } from '../engine/apiError.js';
import type { FakeStorage } from '../engine/storage.js';
import type { WatchOptions } from '../engine/storageOptions.js';
import type { FakeWatchEvent, GroupVersionResource } from '../engine/types.js';

/** How {@link watchStorage} runs. */
export interface WatchStorageOptions {
  /** What the storage watch is asked for. */
  storage: WatchOptions;
  /** Ends the iteration. */
  signal: AbortSignal | undefined;
  /** Ends the iteration after this many seconds, like the server's watch timeout. */
  timeoutSeconds: number | undefined;
  /** Turns an engine error into the client's error. */
  toError: (err: unknown) => unknown;
}

/**
 * A storage watch as an async iterable of the client's typed events. Events queue up in order as
 * writes happen; the storage watch stops when the iteration ends (abort, timeout, `break`, error).
 * A resourceVersion too old to replay is one `ERROR` event carrying a `GoneError`, as over HTTP.
 */
export async function* watchStorage(
  storage: FakeStorage,
  gvr: GroupVersionResource,
  namespace: string | undefined,
  o: WatchStorageOptions,
): AsyncGenerator<WatchEvent> {
  if (o.signal?.aborted) return;
  // delivered a batch at a time (no `shift`, which is O(n) on big arrays: many initial events)
  let queue: FakeWatchEvent[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const end = () => {
    ended = true;
    wake?.();
  };
  let handle: { stop(): void };
  try {
    handle = storage.watch(gvr, namespace, o.storage, (event) => {
      queue.push(event);
      wake?.();
    });
  } catch (err) {
    const expired = findFakeApiError(err, 'Expired');
    if (!expired) throw o.toError(err);
    const error = o.toError(err) as Extract<WatchEvent, { type: 'ERROR' }>['error'];
    yield { type: 'ERROR', error, status: expired.toStatus() as Status };
    return;
  }
  o.signal?.addEventListener('abort', end, { once: true });
  const timer = o.timeoutSeconds !== undefined ? setTimeout(end, o.timeoutSeconds * 1000) : undefined;
  try {
    for (;;) {
      if (ended) return;
      if (queue.length > 0) {
        const batch = queue;
        queue = [];
        for (const event of batch) {
          if (ended) return;
          yield toWatchEvent(event);
        }
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    handle.stop();
    if (timer) clearTimeout(timer);
    o.signal?.removeEventListener('abort', end);
  }
}

function toWatchEvent(e: FakeWatchEvent): WatchEvent {
  switch (e.type) {
    case 'BOOKMARK':
      return {
        type: 'BOOKMARK',
        object: e.object as KubeObject,
        resourceVersion: e.object.metadata?.resourceVersion ?? '',
      };
    case 'ERROR':
      throw new Error('the storage does not send ERROR events to a running watch');
    default:
      return { type: e.type, object: e.object as KubeObject };
  }
}
