import type { Writer } from '@kubekit/client';
import type { KubeObject } from '@kubekit/core';

/** Whether `object` carries `finalizer`. */
export function containsFinalizer(object: KubeObject, finalizer: string): boolean {
  return object.metadata?.finalizers?.includes(finalizer) ?? false;
}

/** Adds `finalizer` to `object` (mutates it); returns whether it was missing. */
export function addFinalizer(object: KubeObject, finalizer: string): boolean {
  if (containsFinalizer(object, finalizer)) return false;
  object.metadata ??= {};
  object.metadata.finalizers = [...(object.metadata.finalizers ?? []), finalizer];
  return true;
}

/** Removes `finalizer` from `object` (mutates it); returns whether it was there. */
export function removeFinalizer(object: KubeObject, finalizer: string): boolean {
  if (!containsFinalizer(object, finalizer)) return false;
  const rest = (object.metadata?.finalizers ?? []).filter((f) => f !== finalizer);
  (object.metadata as { finalizers?: string[] }).finalizers = rest;
  return true;
}

/** Whether the object is being deleted (it has a `deletionTimestamp`; finalizers hold it). */
export function isBeingDeleted(object: KubeObject): boolean {
  return Boolean((object.metadata as { deletionTimestamp?: unknown } | undefined)?.deletionTimestamp);
}

/** What {@link handleFinalizer} did. */
export type FinalizerOutcome =
  /** The object was not being deleted and had the finalizer: reconcile as usual. */
  | 'present'
  /** The object was not being deleted; the finalizer was added (the update triggers another reconcile). */
  | 'added'
  /** The object is being deleted: `cleanup` ran and the finalizer was removed. Stop reconciling. */
  | 'finalized'
  /** The object is being deleted and does not carry the finalizer (any more). Stop reconciling. */
  | 'deleting';

/**
 * The finalizer pattern in one call. When `object` is being deleted and carries `finalizer`, runs
 * `cleanup(object)` and then removes the finalizer (an update), so the deletion completes. When it
 * is not being deleted, adds the finalizer if missing (an update). A `cleanup` that throws leaves
 * the finalizer on (the reconcile fails and is retried). Conflicts surface as the client's
 * `ConflictError` (retry: the reconcile is requeued).
 *
 * ```ts
 * const outcome = await handleFinalizer(client, structuredClone(obj), 'example.dev/cleanup', (o) => deleteExternal(o));
 * if (outcome === 'finalized' || outcome === 'deleting') return Result.done();
 * ```
 */
export async function handleFinalizer<T extends KubeObject>(
  client: Pick<Writer, 'update'>,
  object: T,
  finalizer: string,
  cleanup: (object: T) => Promise<void> | void,
  options: { signal?: AbortSignal } = {},
): Promise<FinalizerOutcome> {
  const copy = structuredClone(object);
  if (isBeingDeleted(copy)) {
    if (!containsFinalizer(copy, finalizer)) return 'deleting';
    await cleanup(copy);
    removeFinalizer(copy, finalizer);
    await client.update(copy, { signal: options.signal });
    return 'finalized';
  }
  if (!addFinalizer(copy, finalizer)) return 'present';
  await client.update(copy, { signal: options.signal });
  return 'added';
}
