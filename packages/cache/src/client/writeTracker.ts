import type { KubeObject, ObjectMeta } from '@kubekit/core';
import { compareResourceVersions } from '@kubekit/core';
import { LRUCache } from 'lru-cache';

/** What a delete through the client left behind, until the informer has seen it. */
export interface Tombstone {
  /** uid of the deleted object, when the server said (in the object or the `Status` details). */
  readonly uid: string | undefined;
  /** Its last resourceVersion, when the server answered with the object. */
  readonly resourceVersion: string | undefined;
}

/** Entries kept per map before the least recently written is forgotten. */
const MAX_ENTRIES = 10_000;

/**
 * The read-your-writes memory of a {@link CachedClient}: the resourceVersion of the last write
 * through the client to each object, the highest per kind and namespace (for lists), and the
 * tombstones of deletes. Entries leave once a read found the informer caught up; to bound memory
 * the least recently written are forgotten past 10,000 (reads of those follow plain informer
 * latency).
 */
export class WriteTracker {
  readonly #objects = new LRUCache<string, string>({ max: MAX_ENTRIES });
  readonly #lists = new Map<string, Map<string, string>>();
  readonly #tombstones = new Map<string, Map<string, Tombstone>>();
  readonly #tombstoneOrder = new LRUCache<string, true>({
    max: MAX_ENTRIES,
    dispose: (_v, key) => {
      const [kind, ref] = splitKey(key);
      const byKind = this.#tombstones.get(kind);
      byKind?.delete(ref);
      if (byKind?.size === 0) this.#tombstones.delete(kind);
    },
  });

  /** Records a write of `namespace/name` (namespace `''` when cluster-scoped) that returned `rv`. */
  recordWrite(kind: string, namespace: string, name: string, rv: string): void {
    const key = objectKey(kind, namespace, name);
    this.#objects.set(key, newest(this.#objects.get(key), rv));
    this.#recordList(kind, namespace, rv);
    this.#tombstoneOrder.delete(key);
  }

  /**
   * Records what a write through the client answered. A plain write records its resourceVersion.
   * A delete's answer (`fromDelete`) records a tombstone — unless finalizers or a grace period hold
   * the object, which is then still there, terminating: a write. A write answered with an object
   * being deleted and no finalizer left (the last one was just removed) is a delete too: the
   * server answers the object as updated, then deletes it in a write of its own.
   */
  recordAnswer(kind: string, obj: KubeObject, fromDelete: boolean): void {
    const meta: ObjectMeta & { deletionTimestamp?: unknown; deletionGracePeriodSeconds?: number } = obj.metadata ?? {};
    const namespace = meta.namespace ?? '';
    const name = meta.name ?? '';
    const deleting = meta.deletionTimestamp !== undefined;
    const held = deleting && ((meta.finalizers?.length ?? 0) > 0 || (meta.deletionGracePeriodSeconds ?? 0) > 0);
    if ((!fromDelete && !deleting) || held) {
      if (meta.resourceVersion) this.recordWrite(kind, namespace, name, meta.resourceVersion);
    } else if (meta.uid || meta.resourceVersion) {
      this.recordDelete(kind, namespace, name, { uid: meta.uid, resourceVersion: meta.resourceVersion });
    }
  }

  /** Records a delete: cached gets of the object answer `NotFound` until the informer has seen it. */
  recordDelete(kind: string, namespace: string, name: string, tombstone: Tombstone): void {
    const ref = `${namespace}/${name}`;
    let byKind = this.#tombstones.get(kind);
    if (!byKind) {
      byKind = new Map();
      this.#tombstones.set(kind, byKind);
    }
    byKind.set(ref, tombstone);
    this.#tombstoneOrder.set(objectKey(kind, namespace, name), true);
    if (tombstone.resourceVersion !== undefined) this.#recordList(kind, namespace, tombstone.resourceVersion);
  }

  /** The resourceVersion of the last unsettled write to the object, if any. */
  objectVersion(kind: string, namespace: string, name: string): string | undefined {
    return this.#objects.get(objectKey(kind, namespace, name));
  }

  /**
   * The highest resourceVersion written per namespace of a kind and not yet settled: for one
   * namespace, or every namespace when `namespace` is undefined.
   */
  listVersions(kind: string, namespace: string | undefined): [namespace: string, rv: string][] {
    const byNs = this.#lists.get(kind);
    if (!byNs) return [];
    if (namespace === undefined) return [...byNs];
    const rv = byNs.get(namespace);
    return rv === undefined ? [] : [[namespace, rv]];
  }

  /** The informer has seen `rv`: forget the object's write unless a newer one came since. */
  settleObject(kind: string, namespace: string, name: string, rv: string): void {
    const key = objectKey(kind, namespace, name);
    if (this.#objects.get(key) === rv) this.#objects.delete(key);
  }

  /** The informer of `namespace` has seen `rv`: forget the kind's writes there unless a newer one came since. */
  settleList(kind: string, namespace: string, rv: string): void {
    const byNs = this.#lists.get(kind);
    if (byNs?.get(namespace) !== rv) return;
    byNs.delete(namespace);
    if (byNs.size === 0) this.#lists.delete(kind);
  }

  /** The tombstone of an object, if it was deleted through the client and not yet settled. */
  tombstone(kind: string, namespace: string, name: string): Tombstone | undefined {
    return this.#tombstones.get(kind)?.get(`${namespace}/${name}`);
  }

  /** Whether a kind has tombstones (lists then filter them out). */
  hasTombstones(kind: string): boolean {
    return this.#tombstones.has(kind);
  }

  /** Forgets a tombstone (the object came back, newer). */
  dropTombstone(kind: string, namespace: string, name: string): void {
    this.#tombstoneOrder.delete(objectKey(kind, namespace, name));
  }

  #recordList(kind: string, namespace: string, rv: string): void {
    let byNs = this.#lists.get(kind);
    if (!byNs) {
      byNs = new Map();
      this.#lists.set(kind, byNs);
    }
    byNs.set(namespace, newest(byNs.get(namespace), rv));
  }
}

/** The newer of two resourceVersions; the later one written when they cannot be compared. */
function newest(old: string | undefined, rv: string): string {
  if (old === undefined) return rv;
  const order = compareResourceVersions(old, rv);
  return order !== undefined && order > 0 ? old : rv;
}

function objectKey(kind: string, namespace: string, name: string): string {
  return `${kind}\n${namespace}/${name}`;
}

function splitKey(key: string): [kind: string, ref: string] {
  const at = key.indexOf('\n');
  return [key.slice(0, at), key.slice(at + 1)];
}

/**
 * Whether a tombstone hides a cached object: `true` for the deleted object or an older state of it,
 * `false` for a newer one (re-created: a newer resourceVersion, or another uid when the tombstone
 * has no resourceVersion), `undefined` when the resourceVersions cannot be compared.
 */
export function tombstoneHides(tombstone: Tombstone, obj: KubeObject): boolean | undefined {
  if (tombstone.resourceVersion !== undefined) {
    const rv = obj.metadata?.resourceVersion;
    const order = rv === undefined ? undefined : compareResourceVersions(rv, tombstone.resourceVersion);
    return order === undefined ? undefined : order <= 0;
  }
  return obj.metadata?.uid === tombstone.uid;
}
