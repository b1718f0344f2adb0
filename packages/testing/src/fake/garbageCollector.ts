import { isFakeApiError } from './engine/apiError.js';
import type { ResourceType } from './engine/resourceRegistry.js';
import type { FakeStorage } from './engine/storage.js';
import type { StoredObject } from './engine/types.js';

const gvrOf = (t: ResourceType) => ({ group: t.group, version: t.storageVersion, resource: t.plural });

/**
 * The garbage collector and namespace controller of the in-memory server, run after each write:
 * - an object whose owners (ownerReferences) are all gone is deleted (background propagation);
 * - an owner deleted with `Foreground` keeps its `foregroundDeletion` finalizer until its
 *   dependents are gone; with `Orphan`, its dependents lose their reference to it first;
 * - a deleting Namespace (phase Terminating) has every object in it deleted, and is removed once
 *   none is left (its `kubernetes` finalizer is taken off).
 * Work is deferred to a microtask, like the real controllers' asynchrony. Returns the stop function.
 */
export function startGarbageCollector(storage: FakeStorage): () => void {
  let scheduled = false;
  let stopped = false;
  const deletedNamespaces = new Set<string>();
  const run = () => {
    scheduled = false;
    if (!stopped) collect(storage, deletedNamespaces);
  };
  const unsubscribe = storage.onWrite((type, entry) => {
    const isNamespace = type.group === '' && type.plural === 'namespaces';
    if (isNamespace && entry.type === 'ADDED') deletedNamespaces.delete(entry.object.metadata.name);
    if (isNamespace && entry.type === 'DELETED') deletedNamespaces.add(entry.object.metadata.name);
    if (entry.type !== 'DELETED' && !entry.object.metadata.deletionTimestamp) return;
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(run);
    }
  });
  return () => {
    stopped = true;
    unsubscribe();
  };
}

function ignoreNotFound(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    if (!isFakeApiError(err, 'NotFound')) throw err;
  }
}

function collect(storage: FakeStorage, deletedNamespaces: ReadonlySet<string>): void {
  const all: Array<{ type: ResourceType; obj: StoredObject }> = [];
  for (const type of storage.registry.all()) for (const obj of storage.objectsOf(type)) all.push({ type, obj });
  const live = new Map(all.map((e) => [e.obj.metadata.uid, e]));
  const isNamespace = (t: ResourceType) => t.group === '' && t.plural === 'namespaces';
  const terminating = all.filter((e) => isNamespace(e.type) && e.obj.metadata.deletionTimestamp);
  const ending = new Set([...deletedNamespaces, ...terminating.map((e) => e.obj.metadata.name)]);
  for (const { type, obj } of all) {
    const owners = obj.metadata.ownerReferences ?? [];
    const ns = obj.metadata.namespace;
    const goneNamespace = type.namespaced && ns !== undefined && ending.has(ns);
    const orphaned = owners.length > 0 && owners.every((o) => !live.has(o.uid));
    if ((goneNamespace || orphaned) && !obj.metadata.deletionTimestamp) {
      ignoreNotFound(() => storage.delete(gvrOf(type), ns, obj.metadata.name));
    }
  }
  for (const { type, obj } of terminating) {
    const left = all.some(
      (e) =>
        e.type.namespaced &&
        e.obj.metadata.namespace === obj.metadata.name &&
        live.has(e.obj.metadata.uid) &&
        exists(storage, e),
    );
    if (!left) {
      const spec = (obj.spec ?? {}) as { finalizers?: string[] };
      const finalizers = (spec.finalizers ?? []).filter((f) => f !== 'kubernetes');
      ignoreNotFound(() => storage.patch(gvrOf(type), undefined, obj.metadata.name, 'merge', { spec: { finalizers } }));
    }
  }
  for (const { type, obj } of all) {
    const fins = obj.metadata.finalizers ?? [];
    if (!obj.metadata.deletionTimestamp) continue;
    const dependents = all.filter((d) =>
      (d.obj.metadata.ownerReferences ?? []).some((o) => o.uid === obj.metadata.uid),
    );
    if (fins.includes('orphan')) {
      for (const d of dependents) {
        const refs = (d.obj.metadata.ownerReferences ?? []).filter((o) => o.uid !== obj.metadata.uid);
        ignoreNotFound(() =>
          storage.patch(gvrOf(d.type), d.obj.metadata.namespace, d.obj.metadata.name, 'merge', {
            metadata: { ownerReferences: refs.length > 0 ? refs : null },
          }),
        );
      }
      removeFinalizer(storage, type, obj, 'orphan');
    } else if (fins.includes('foregroundDeletion')) {
      const blocking = dependents.filter((d) =>
        d.obj.metadata.ownerReferences?.some((o) => o.uid === obj.metadata.uid),
      );
      for (const d of blocking) {
        if (!d.obj.metadata.deletionTimestamp) {
          ignoreNotFound(() =>
            storage.delete(gvrOf(d.type), d.obj.metadata.namespace, d.obj.metadata.name, {
              propagationPolicy: 'Foreground',
            }),
          );
        }
      }
      if (blocking.length === 0) removeFinalizer(storage, type, obj, 'foregroundDeletion');
    }
  }
}

function exists(storage: FakeStorage, e: { type: ResourceType; obj: StoredObject }): boolean {
  try {
    storage.get(gvrOf(e.type), e.obj.metadata.namespace, e.obj.metadata.name);
    return true;
  } catch {
    return false;
  }
}

function removeFinalizer(storage: FakeStorage, type: ResourceType, obj: StoredObject, finalizer: string): void {
  const finalizers = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
  ignoreNotFound(() =>
    storage.patch(gvrOf(type), obj.metadata.namespace, obj.metadata.name, 'merge', {
      metadata: { finalizers: finalizers.length > 0 ? finalizers : null },
    }),
  );
}
