import { randomUUID } from 'node:crypto';
import { FakeApiError, isFakeApiError, type StatusBody } from './apiError.js';
import { checkApplyConfiguration, decodeBody } from './bodyDecoding.js';
import { checkPreconditions, deletedStatus } from './deletion.js';
import { UNTYPED_FIELDS } from './fieldSets.js';
import { applyConfig, type OwnershipWrite, recordUpdate } from './managedFields.js';
import { validateObjectMeta } from './metadataValidation.js';
import { apiVersionOf, specChanged, specFinalizersOf, statusWrite, timestamp } from './objectRules.js';
import { objectSelector } from './objectSelector.js';
import { CONTINUE_EXPIRED_MESSAGE, decodeContinue, encodeContinue } from './pagination.js';
import { jsonPatch, mergePatch, type PatchType, strategicMergePatch } from './patch.js';
import { ResourceRegistry, type ResourceType, typeKeyOf } from './resourceRegistry.js';
import { ResourceVersionCounter } from './resourceVersion.js';
import {
  type DeleteOptions,
  type FakeList,
  type FakeStorageOptions,
  type FakeWatch,
  type ListOptions,
  type ResolvedFakeStorageOptions,
  resolveFakeStorageOptions,
  type StorageListener,
  type WatchOptions,
  type WriteOptions,
} from './storageOptions.js';
import type { FakeObject, FakeWatchEvent, GroupVersionResource, StoredObject } from './types.js';
import { type HistoryEntry, WatchHub } from './watchHub.js';

const GENERATE_CHARS = 'bcdfghjklmnpqrstvwxz2456789';
/** Metadata only the server sets: dropped from a create's body. */
const SYSTEM_FIELDS = [
  'uid',
  'resourceVersion',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'creationTimestamp',
];
const clone = <T>(v: T): T => structuredClone(v);

/**
 * The in-memory API server's storage engine: an in-process API (create, get, list, update, patch,
 * delete, watch) with the real server's semantics — one increasing resourceVersion, uid,
 * generateName, generation, optimistic concurrency, status subresource, finalizers, selectors,
 * pagination and a bounded history for watches. The HTTP layer is a thin adapter over it.
 */
export class FakeStorage {
  /** The kinds served. */
  readonly registry = new ResourceRegistry();
  private readonly tables = new Map<string, Map<string, StoredObject>>();
  private readonly rv: ResourceVersionCounter;
  private readonly hub: WatchHub;
  private readonly listeners = new Set<StorageListener>();
  private readonly options: ResolvedFakeStorageOptions;

  constructor(options: FakeStorageOptions = {}) {
    this.options = resolveFakeStorageOptions(options);
    this.rv = new ResourceVersionCounter(1);
    this.hub = new WatchHub(this.options.historySize, 1);
  }

  /** The latest resourceVersion. */
  get resourceVersion(): string {
    return String(this.rv.latest);
  }

  /** Drops the whole event history: watches and continue tokens from before now are 410 Gone. */
  compact(): number {
    this.hub.compact(this.rv.latest);
    return this.rv.latest;
  }

  /** Listens to every write (after it is stored); returns the unsubscribe function. */
  onWrite(fn: StorageListener): () => void {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  /** The kind served at `gvr`. @throws {@link FakeApiError} `NotFound` (`the server could not find the requested resource`). */
  typeOf(gvr: GroupVersionResource): ResourceType {
    const t = this.registry.find(gvr);
    if (!t) throw new FakeApiError('NotFound', 'the server could not find the requested resource', {});
    return t;
  }

  /** Creates an object. */
  create(
    gvr: GroupVersionResource,
    namespace: string | undefined,
    body: FakeObject,
    opts: WriteOptions = {},
  ): StoredObject {
    const type = this.typeOf(gvr);
    const obj = clone(body);
    const ns = this.namespaceFor(type, namespace, obj);
    obj.metadata ??= {};
    const meta = obj.metadata;
    this.checkTypeMeta(type, gvr.version, obj);
    decodeBody(type, gvr.version, obj, opts, 'body');
    type.strategy?.applyDefaults?.(obj, gvr.version);
    this.assertNamespaceWritable(type, ns, meta.name || meta.generateName || '');
    if (!meta.name && meta.generateName) meta.name = this.generateName(type, ns, meta.generateName);
    const name = meta.name ?? '';
    for (const k of SYSTEM_FIELDS) delete meta[k];
    if (ns !== undefined) meta.namespace = ns;
    else delete meta.namespace;
    const now = timestamp(this.options.clock.now());
    meta.uid = randomUUID();
    meta.creationTimestamp = now;
    if (type.generation) meta.generation = 1;
    else delete meta.generation;
    // The writer owns the body as decoded and defaulted; what admission and the kind add is nobody's.
    if (meta.managedFields === undefined) recordUpdate(undefined, obj, this.ownership(type, gvr.version, opts));
    type.strategy?.fillZeroValues?.(obj);
    if (type.status) delete obj.status;
    type.strategy?.prepareForCreate?.(obj, now);
    // The real server defaults the stored object again when it reads it back.
    type.strategy?.applyDefaults?.(obj, gvr.version);
    this.validate(type, gvr.version, obj, undefined);
    const table = this.table(type);
    const key = `${ns ?? ''}/${name}`;
    if (table.has(key)) throw FakeApiError.alreadyExists(type, name);
    obj.apiVersion = apiVersionOf(type, type.storageVersion);
    obj.kind = type.kind;
    const stored = obj as StoredObject;
    if (opts.dryRun) return this.present(type, gvr.version, stored);
    stored.metadata.resourceVersion = String(this.rv.next());
    table.set(key, stored);
    this.emit(type, { type: 'ADDED', key, object: stored, prev: undefined });
    return this.present(type, gvr.version, stored);
  }

  /**
   * Stores an object as given, the way a restore from a backup does: its uid, creationTimestamp,
   * generation, status, finalizers and managedFields are kept (filled in when missing), defaults
   * are applied and the object is validated, and it gets a new resourceVersion. An object of the
   * same name is replaced. For loading manifests and seeding clients; watchers see ADDED or MODIFIED.
   */
  restore(gvr: GroupVersionResource, namespace: string | undefined, body: FakeObject): StoredObject {
    const type = this.typeOf(gvr);
    const obj = clone(body);
    const ns = this.namespaceFor(type, namespace, obj);
    obj.metadata ??= {};
    const meta = obj.metadata;
    this.checkTypeMeta(type, gvr.version, obj);
    decodeBody(type, gvr.version, obj, { fieldValidation: 'Ignore' }, 'body');
    type.strategy?.applyDefaults?.(obj, gvr.version);
    type.strategy?.fillZeroValues?.(obj);
    this.assertNamespaceWritable(type, ns, meta.name ?? '');
    const name = meta.name ?? '';
    const key = `${ns ?? ''}/${name}`;
    const old = this.table(type).get(key);
    if (ns !== undefined) meta.namespace = ns;
    else delete meta.namespace;
    meta.uid ??= old?.metadata.uid ?? randomUUID();
    meta.creationTimestamp ??= old?.metadata.creationTimestamp ?? timestamp(this.options.clock.now());
    if (type.generation) meta.generation ??= 1;
    else delete meta.generation;
    delete meta.resourceVersion;
    if (type.status && obj.status === undefined) {
      // A manifest without status gets what a create would give it.
      type.strategy?.prepareForCreate?.(obj, timestamp(this.options.clock.now()));
    }
    this.validate(type, gvr.version, obj, undefined);
    obj.apiVersion = apiVersionOf(type, type.storageVersion);
    obj.kind = type.kind;
    const stored = obj as StoredObject;
    stored.metadata.resourceVersion = String(this.rv.next());
    this.table(type).set(key, stored);
    this.emit(type, { type: old ? 'MODIFIED' : 'ADDED', key, object: stored, prev: old });
    return this.present(type, gvr.version, stored);
  }

  /**
   * Loads an object of a recorded server state exactly as it was recorded: uid, resourceVersion,
   * creationTimestamp, generation, managedFields, ownerReferences, finalizers and status are kept;
   * nothing is defaulted or validated and no watcher is told. The storage's resourceVersion moves
   * up to the object's. This is the load path of a recording; `restore` is the one of manifests
   * (it writes as a client would).
   * @throws {@link FakeApiError} `BadRequest` when the object has no name or its resourceVersion is
   * not a decimal number (an empty one is kept, as ComponentStatuses have); `NotFound` when the
   * kind is not served.
   */
  load(gvr: GroupVersionResource, body: FakeObject): void {
    const type = this.typeOf(gvr);
    const obj = clone(body) as StoredObject;
    const rv = this.recordedRv(obj);
    if (!obj.metadata?.name) throw FakeApiError.badRequest(`a recorded ${type.kind} has no metadata.name`);
    obj.apiVersion = apiVersionOf(type, gvr.version);
    obj.kind = type.kind;
    if (!type.namespaced) delete obj.metadata.namespace;
    this.rv.advanceTo(rv);
    this.table(type).set(`${type.namespaced ? (obj.metadata.namespace ?? '') : ''}/${obj.metadata.name}`, obj);
  }

  /**
   * Writes a recorded change at its recorded resourceVersion (or the next one, when the recorded
   * one is not above the latest) and tells watchers, as the recorded server did. `object` is the
   * object after the change (for DELETED, it may be left out: the stored one is used).
   * @throws {@link FakeApiError} `NotFound` for a MODIFIED or DELETED object that is not stored.
   */
  replayChange(
    gvr: GroupVersionResource,
    change: {
      type: 'ADDED' | 'MODIFIED' | 'DELETED';
      namespace: string | undefined;
      name: string;
      resourceVersion: string;
      object?: FakeObject;
    },
  ): StoredObject {
    const type = this.typeOf(gvr);
    const key = `${type.namespaced ? (change.namespace ?? '') : ''}/${change.name}`;
    const old = this.table(type).get(key);
    if (!old && change.type !== 'ADDED') throw FakeApiError.notFound(type, change.name);
    const obj = clone(change.object ?? old) as StoredObject;
    const asked = ResourceVersionCounter.parse(change.resourceVersion);
    const rv = asked !== undefined && asked > this.rv.latest ? asked : this.rv.latest + 1;
    this.rv.advanceTo(rv);
    obj.metadata = { ...obj.metadata, name: change.name, resourceVersion: String(rv) };
    if (type.namespaced && change.namespace !== undefined) obj.metadata.namespace = change.namespace;
    obj.apiVersion = apiVersionOf(type, gvr.version);
    obj.kind = type.kind;
    if (change.type === 'DELETED') {
      this.table(type).delete(key);
      this.emit(type, { type: 'DELETED', key, object: obj, prev: old });
    } else {
      this.table(type).set(key, obj);
      this.emit(type, { type: old ? 'MODIFIED' : 'ADDED', key, object: obj, prev: old });
    }
    return this.present(type, gvr.version, obj);
  }

  /** Reads an object. @throws {@link FakeApiError} `NotFound`. */
  get(gvr: GroupVersionResource, namespace: string | undefined, name: string): StoredObject {
    const type = this.typeOf(gvr);
    const found = this.table(type).get(`${type.namespaced ? (namespace ?? '') : ''}/${name}`);
    if (!found) throw FakeApiError.notFound(type, name);
    return this.present(type, gvr.version, found);
  }

  /** Lists objects of one namespace (or all, when `namespace` is undefined), sorted by namespace and name. */
  list(gvr: GroupVersionResource, namespace: string | undefined, opts: ListOptions = {}): FakeList {
    const type = this.typeOf(gvr);
    const selector = objectSelector(type, opts.labelSelector, opts.fieldSelector);
    let atRv = this.rv.latest;
    let start: string | undefined;
    if (opts.continue) {
      const token = decodeContinue(opts.continue);
      if (token.rv < this.hub.oldestAvailable) throw FakeApiError.expired(CONTINUE_EXPIRED_MESSAGE);
      atRv = token.rv;
      start = token.start;
    } else if (opts.resourceVersionMatch === 'Exact' && opts.resourceVersion) {
      const asked = ResourceVersionCounter.parse(opts.resourceVersion);
      if (asked === undefined || Number.isNaN(asked))
        throw FakeApiError.badRequest(`invalid resource version "${opts.resourceVersion}"`);
      this.hub.assertAvailable(asked);
      atRv = asked;
    }
    const snapshot = this.snapshot(type, atRv);
    const prefix = type.namespaced && namespace !== undefined ? `${namespace}/` : undefined;
    const keys = [...snapshot.keys()]
      .filter((k) => (prefix === undefined || k.startsWith(prefix)) && (start === undefined || k > start))
      .sort();
    const items: StoredObject[] = [];
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Number.POSITIVE_INFINITY;
    let i = 0;
    for (; i < keys.length && items.length < limit; i++) {
      const obj = snapshot.get(keys[i] as string) as StoredObject;
      if (selector.matches(obj)) items.push(obj);
    }
    // Custom resource lists (unstructured on the real server) always carry `continue`, '' on the last page.
    const metadata: FakeList['metadata'] =
      type.crdName !== undefined ? { continue: '', resourceVersion: String(atRv) } : { resourceVersion: String(atRv) };
    const rest = keys.slice(i).filter((k) => selector.matches(snapshot.get(k) as StoredObject));
    if (rest.length > 0) {
      metadata.continue = encodeContinue({ rv: atRv, start: keys[i - 1] as string });
      // As on the real server: counted only when no selector filters the rest.
      if (selector.empty) metadata.remainingItemCount = rest.length;
    }
    return {
      apiVersion: apiVersionOf(type, gvr.version),
      kind: type.listKind,
      metadata,
      items: items.map((o) => {
        const out = this.present(type, gvr.version, o);
        if (!type.listItemsTypeMeta) {
          delete (out as FakeObject).apiVersion;
          delete (out as FakeObject).kind;
        }
        return out;
      }),
    };
  }

  /** Replaces an object (or its status, with `subresource: 'status'`). */
  update(
    gvr: GroupVersionResource,
    namespace: string | undefined,
    name: string,
    body: FakeObject,
    opts: WriteOptions = {},
  ): StoredObject {
    const type = this.typeOf(gvr);
    const ns = type.namespaced ? namespace : undefined;
    const obj = clone(body);
    obj.metadata ??= {};
    const meta = obj.metadata;
    if (meta.name !== undefined && meta.name !== name) {
      throw FakeApiError.badRequest(
        `the name of the object (${meta.name}) does not match the name on the URL (${name})`,
      );
    }
    meta.name = name;
    this.namespaceFor(type, namespace, obj);
    const key = `${ns ?? ''}/${name}`;
    const old = this.table(type).get(key);
    if (!old) throw FakeApiError.notFound(type, name);
    this.checkTypeMeta(type, gvr.version, obj);
    decodeBody(type, gvr.version, obj, opts, 'body');
    if (meta.resourceVersion) {
      if (meta.resourceVersion !== old.metadata.resourceVersion) throw FakeApiError.conflict(type, name);
    } else if (type.requireResourceVersion) {
      throw FakeApiError.invalid(type, name, [
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: 0x0: must be specified for an update',
          field: 'metadata.resourceVersion',
        },
      ]);
    }
    return this.commitUpdate(type, gvr.version, key, old, obj, opts);
  }

  /** Patches an object with a merge, JSON, strategic merge or apply patch. */
  patch(
    gvr: GroupVersionResource,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    patch: unknown,
    opts: WriteOptions = {},
  ): StoredObject {
    const type = this.typeOf(gvr);
    const ns = type.namespaced ? namespace : undefined;
    const key = `${ns ?? ''}/${name}`;
    if (patchType === 'strategic' && !type.strategicMerge) {
      throw new FakeApiError(
        'UnsupportedMediaType',
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
      );
    }
    if (patchType === 'apply' && !opts.fieldManager) {
      throw new FakeApiError(
        'Invalid',
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
        {
          group: 'meta.k8s.io',
          kind: 'PatchOptions',
          causes: [
            {
              reason: 'FieldValueRequired',
              message: 'Required value: is required for apply patch',
              field: 'fieldManager',
            },
          ],
        },
      );
    }
    if (patchType === 'apply') {
      checkApplyConfiguration(type, gvr.version, patch);
    }
    const old = this.table(type).get(key);
    const applying =
      patchType === 'apply' ? { ...this.ownership(type, gvr.version, opts), force: opts.force === true } : undefined;
    if (!old) {
      if (!applying) throw FakeApiError.notFound(type, name);
      const config = clone(patch) as FakeObject;
      config.metadata = { ...config.metadata, name };
      return this.create(gvr, namespace, applyConfig(undefined, config, applying), {
        ...opts,
        subresource: undefined,
      });
    }
    const current = this.present(type, gvr.version, old);
    let next: unknown;
    if (patchType === 'json') next = jsonPatch(current, patch);
    else if (patchType === 'merge') next = mergePatch(current, patch);
    else if (applying) next = applyConfig(current, patch as FakeObject, applying);
    else next = strategicMergePatch(current, patch, type.mergeKeys);
    const obj = next as FakeObject;
    if (!applying) decodeBody(type, gvr.version, obj, opts, 'patch');
    if (obj.metadata?.name !== name) {
      throw FakeApiError.badRequest(
        `the name of the object (${String(obj.metadata?.name)}) does not match the name on the URL (${name})`,
      );
    }
    this.checkTypeMeta(type, gvr.version, obj);
    const patchedRv = obj.metadata?.resourceVersion;
    if (patchedRv && patchedRv !== old.metadata.resourceVersion) throw FakeApiError.conflict(type, name);
    return this.commitUpdate(type, gvr.version, key, old, obj, opts);
  }

  /**
   * Deletes an object as the real server does: at once when nothing holds it (answering a Success
   * Status, or the object for kinds that return it); marked with a deletionTimestamp while
   * finalizers remain or a graceful deletion runs (a bound Pod: its grace period), answering the
   * object.
   */
  delete(
    gvr: GroupVersionResource,
    namespace: string | undefined,
    name: string,
    opts: DeleteOptions = {},
  ): StoredObject | StatusBody {
    const type = this.typeOf(gvr);
    const strategy = type.strategy;
    const ns = type.namespaced ? namespace : undefined;
    const key = `${ns ?? ''}/${name}`;
    const old = this.table(type).get(key);
    if (!old) throw FakeApiError.notFound(type, name);
    const refused = strategy?.refuseDelete?.(old);
    if (refused) throw FakeApiError.forbidden(type, name, refused);
    checkPreconditions(type, old, opts);
    const answer = (o: StoredObject) =>
      strategy?.returnsDeletedObject ? this.present(type, gvr.version, o) : deletedStatus(type, o);
    const now = this.options.clock.now();
    const next = clone(old);
    const deleting = old.metadata.deletionTimestamp !== undefined;
    let graceful = false;
    if (deleting) {
      const current = old.metadata.deletionGracePeriodSeconds ?? 0;
      if (strategy?.gracePeriodSeconds && current > 0) {
        const asked = opts.gracePeriodSeconds === undefined ? undefined : Math.max(opts.gracePeriodSeconds, 0);
        if (asked === undefined || asked >= current) return answer(old);
        // Only a shorter grace period: the deletionTimestamp moves back, never before now.
        let at = Date.parse(old.metadata.deletionTimestamp as string) - (current - asked) * 1000;
        let period = asked;
        if (at < now) {
          at = now;
          if (period !== 0) period = 1;
        }
        next.metadata.deletionTimestamp = timestamp(at);
        next.metadata.deletionGracePeriodSeconds = period;
        graceful = true;
      }
    } else if (strategy?.gracePeriodSeconds) {
      const asked = opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds < 0 ? 1 : opts.gracePeriodSeconds;
      const period = strategy.gracePeriodSeconds(old, asked);
      next.metadata.deletionTimestamp = timestamp(now + period * 1000);
      next.metadata.deletionGracePeriodSeconds = period;
      if ((next.metadata.generation ?? 0) > 0) next.metadata.generation = (next.metadata.generation ?? 0) + 1;
      graceful = true;
    }
    const finalizers = [...(old.metadata.finalizers ?? [])];
    const policy = opts.propagationPolicy ?? (strategy?.orphansByDefault ? 'Orphan' : 'Background');
    if (!deleting) {
      if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
      if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    }
    if (finalizers.length > 0) next.metadata.finalizers = finalizers;
    const held = finalizers.length > 0 || specFinalizersOf(type, old).length > 0;
    if (!graceful && !held) {
      if (opts.dryRun) return answer(old);
      return answer(this.remove(type, key, old));
    }
    if (!graceful) {
      if (deleting) return this.present(type, gvr.version, old);
      if (strategy?.markDeleting) strategy.markDeleting(next, timestamp(now));
      else {
        if ((next.metadata.generation ?? 0) > 0) next.metadata.generation = (next.metadata.generation ?? 0) + 1;
        next.metadata.deletionTimestamp = timestamp(now);
        next.metadata.deletionGracePeriodSeconds = 0;
      }
    }
    if (opts.dryRun) return this.present(type, gvr.version, next);
    next.metadata.resourceVersion = String(this.rv.next());
    this.table(type).set(key, next);
    this.emit(type, { type: 'MODIFIED', key, object: next, prev: old });
    if (held || (next.metadata.deletionGracePeriodSeconds ?? 0) > 0) return this.present(type, gvr.version, next);
    // A graceful deletion with no time left: the update, then the removal.
    return answer(this.remove(type, key, next));
  }

  /** Deletes every object a list with these options would return; answers the list of what was deleted. */
  deleteCollection(
    gvr: GroupVersionResource,
    namespace: string | undefined,
    listOpts: ListOptions = {},
    opts: DeleteOptions = {},
  ): FakeList {
    const list = this.list(gvr, namespace, { ...listOpts, limit: undefined, continue: undefined });
    for (const item of list.items) {
      try {
        this.delete(gvr, item.metadata.namespace, item.metadata.name, opts);
      } catch (err) {
        if (!isFakeApiError(err, 'NotFound')) throw err;
      }
    }
    return list;
  }

  /**
   * Watches one resource; events go to `onEvent` synchronously with each write.
   * @throws {@link FakeApiError} `Expired` when `resourceVersion` is older than the kept history.
   */
  watch(
    gvr: GroupVersionResource,
    namespace: string | undefined,
    opts: WatchOptions,
    onEvent: (event: FakeWatchEvent) => void,
  ): FakeWatch {
    const type = this.typeOf(gvr);
    const selector = objectSelector(type, opts.labelSelector, opts.fieldSelector);
    const inNs = (o: StoredObject) => !type.namespaced || namespace === undefined || o.metadata.namespace === namespace;
    const show = (o: StoredObject) => this.present(type, gvr.version, o);
    const deliver = (e: HistoryEntry) => {
      if (!inNs(e.object)) return;
      const now = selector.matches(e.object);
      const before = e.prev !== undefined && selector.matches(e.prev);
      if (e.type === 'ADDED' && now) onEvent({ type: 'ADDED', object: show(e.object) });
      else if (e.type === 'DELETED' && now) onEvent({ type: 'DELETED', object: show(e.object) });
      else if (e.type === 'MODIFIED') {
        if (now && before) onEvent({ type: 'MODIFIED', object: show(e.object) });
        else if (now) onEvent({ type: 'ADDED', object: show(e.object) });
        else if (before && e.prev) {
          // Leaving the selection: the object as it was (it matched), at the write's resourceVersion.
          const last = show(e.prev);
          last.metadata.resourceVersion = e.object.metadata.resourceVersion;
          onEvent({ type: 'DELETED', object: last });
        }
      }
    };
    const bookmark = (initialEnd: boolean) => {
      const metadata: FakeObject['metadata'] = { resourceVersion: String(this.rv.latest) };
      if (initialEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
      onEvent({ type: 'BOOKMARK', object: { apiVersion: apiVersionOf(type, gvr.version), kind: type.kind, metadata } });
    };
    const asked = ResourceVersionCounter.parse(opts.resourceVersion);
    if (asked !== undefined && Number.isNaN(asked))
      throw FakeApiError.badRequest(`invalid resource version "${opts.resourceVersion}"`);
    const replay: HistoryEntry[] = [];
    const initial = opts.sendInitialEvents === true || asked === undefined || asked === 0;
    if (!initial) replay.push(...this.hub.since(asked as number, typeKeyOf(type)));
    const unsubscribe = this.hub.subscribe(typeKeyOf(type), deliver);
    if (initial) {
      const keys = [...this.table(type).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (const [, o] of keys) if (inNs(o) && selector.matches(o)) onEvent({ type: 'ADDED', object: show(o) });
      if (opts.sendInitialEvents && opts.allowWatchBookmarks) bookmark(true);
    }
    for (const e of replay) deliver(e);
    const timer = opts.allowWatchBookmarks
      ? setInterval(() => bookmark(false), this.options.bookmarkIntervalMs)
      : undefined;
    timer?.unref();
    return {
      stop: () => {
        unsubscribe();
        if (timer) clearInterval(timer);
      },
    };
  }

  /** Every stored object of a kind (storage version), for controllers and saving. */
  objectsOf(type: ResourceType): StoredObject[] {
    return [...this.table(type).values()].map(clone);
  }

  /** Removes every object of a kind without events (when its CRD goes away). */
  dropTable(type: ResourceType): void {
    this.tables.delete(typeKeyOf(type));
  }

  private commitUpdate(
    type: ResourceType,
    version: string,
    key: string,
    old: StoredObject,
    incoming: FakeObject,
    opts: WriteOptions,
  ): StoredObject {
    type.strategy?.applyDefaults?.(incoming, version);
    type.strategy?.fillZeroValues?.(incoming);
    let obj: FakeObject;
    if (opts.subresource === 'status') {
      obj = statusWrite(type, old, incoming);
    } else {
      obj = incoming;
      if (type.status) {
        if (old.status === undefined) delete obj.status;
        else obj.status = clone(old.status);
      }
      type.strategy?.prepareForUpdate?.(obj, old);
    }
    obj.metadata ??= {};
    const meta = obj.metadata;
    for (const k of [
      'uid',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'namespace',
    ] as const) {
      if (old.metadata[k] === undefined) delete meta[k];
      else meta[k] = old.metadata[k] as never;
    }
    delete meta.generateName;
    if (old.metadata.generateName) meta.generateName = old.metadata.generateName;
    const name = old.metadata.name;
    if (old.metadata.deletionTimestamp) {
      const added = (meta.finalizers ?? []).filter((f) => !(old.metadata.finalizers ?? []).includes(f));
      if (added.length > 0) {
        throw FakeApiError.invalid(type, name, [
          {
            reason: 'FieldValueForbidden',
            message: 'Forbidden: no new finalizers can be added if the object is being deleted',
            field: 'metadata.finalizers',
          },
        ]);
      }
    }
    this.validate(type, version, obj, old);
    obj.apiVersion = apiVersionOf(type, type.storageVersion);
    obj.kind = type.kind;
    if (type.generation) {
      meta.generation = old.metadata.generation ?? 1;
      if (specChanged(old, obj)) meta.generation += 1;
    } else {
      delete meta.generation;
    }
    meta.resourceVersion = old.metadata.resourceVersion;
    // managedFields a write sets itself (server-side apply, or a client that edits them) are kept.
    if (JSON.stringify(meta.managedFields) === JSON.stringify(old.metadata.managedFields)) {
      recordUpdate(old, obj, this.ownership(type, version, opts));
    }
    const next = obj as StoredObject;
    if (JSON.stringify(next) === JSON.stringify(old)) return this.present(type, version, old);
    if (opts.dryRun) return this.present(type, version, next);
    next.metadata.resourceVersion = String(this.rv.next());
    const unfinalized = (next.metadata.finalizers ?? []).length === 0 && specFinalizersOf(type, next).length === 0;
    if (next.metadata.deletionTimestamp && unfinalized) {
      this.remove(type, key, next, old);
      return this.present(type, version, next);
    }
    if ((next.metadata.finalizers ?? []).length === 0) delete next.metadata.finalizers;
    this.table(type).set(key, next);
    this.emit(type, { type: 'MODIFIED', key, object: next, prev: old });
    return this.present(type, version, next);
  }

  private recordedRv(obj: FakeObject): number {
    const rv = ResourceVersionCounter.parse(obj.metadata?.resourceVersion);
    // Objects a server computes on each read (ComponentStatus) have none: kept without one.
    if (rv === undefined) return 0;
    if (Number.isNaN(rv)) {
      throw FakeApiError.badRequest(
        `recorded ${obj.kind ?? 'object'} "${obj.metadata?.name ?? ''}" has resourceVersion "${obj.metadata?.resourceVersion ?? ''}", not a decimal number`,
      );
    }
    return rv;
  }

  /** Metadata and kind checks of an object about to be stored. @throws {@link FakeApiError} `Invalid`. */
  private validate(type: ResourceType, version: string, obj: FakeObject, old: StoredObject | undefined): void {
    const causes = [
      ...validateObjectMeta(obj, type.strategy?.nameRule ?? 'subdomain', type.namespaced),
      ...(type.strategy?.validate?.(obj, old, version) ?? []),
    ];
    if (causes.length > 0) throw FakeApiError.invalid(type, obj.metadata?.name ?? '', causes);
  }

  /** Removes an object; returns its last state, at the resourceVersion of the removal. */
  private remove(type: ResourceType, key: string, last: StoredObject, prev: StoredObject = last): StoredObject {
    const gone = clone(last);
    if (gone.metadata.resourceVersion === prev.metadata.resourceVersion) {
      gone.metadata.resourceVersion = String(this.rv.next());
    }
    this.table(type).delete(key);
    this.emit(type, { type: 'DELETED', key, object: gone, prev });
    return gone;
  }

  private emit(type: ResourceType, e: Omit<HistoryEntry, 'rv' | 'typeKey'>): void {
    const entry: HistoryEntry = { ...e, rv: Number(e.object.metadata.resourceVersion), typeKey: typeKeyOf(type) };
    this.hub.record(entry);
    for (const fn of [...this.listeners]) fn(type, entry);
  }

  private table(type: ResourceType): Map<string, StoredObject> {
    const key = typeKeyOf(type);
    let t = this.tables.get(key);
    if (!t) {
      t = new Map();
      this.tables.set(key, t);
    }
    return t;
  }

  /** The table as it was at `rv`: the current one with later writes undone from the history. */
  private snapshot(type: ResourceType, rv: number): Map<string, StoredObject> {
    const current = this.table(type);
    if (rv >= this.rv.latest) return current;
    const later = this.hub.since(rv, typeKeyOf(type));
    if (later.length === 0) return current;
    const snap = new Map(current);
    for (const e of later.reverse()) {
      if (e.prev === undefined) snap.delete(e.key);
      else snap.set(e.key, e.prev);
    }
    return snap;
  }

  private namespaceFor(type: ResourceType, namespace: string | undefined, obj: FakeObject): string | undefined {
    if (!type.namespaced) return undefined;
    const inBody = obj.metadata?.namespace;
    if (inBody && namespace && inBody !== namespace) {
      throw FakeApiError.badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    const ns = namespace ?? inBody;
    if (!ns) throw FakeApiError.badRequest('the server could not find the requested resource');
    return ns;
  }

  /**
   * NamespaceLifecycle admission on create: the namespace must exist (404) and not be terminating
   * (403, naming the object by its name or generateName).
   */
  private assertNamespaceWritable(type: ResourceType, ns: string | undefined, name: string): void {
    if (ns === undefined) return;
    const namespaces = this.registry.find({ group: '', version: 'v1', resource: 'namespaces' });
    if (!namespaces || (type.crdName !== undefined && !this.options.requireNamespaces)) return;
    const found = this.table(namespaces).get(`/${ns}`);
    if (!found) throw FakeApiError.notFound(namespaces, ns);
    if ((found.status as { phase?: string } | undefined)?.phase === 'Terminating') {
      throw FakeApiError.forbidden(
        type,
        name || 'Unknown',
        `unable to create new content in namespace ${ns} because it is being terminated`,
        [
          {
            reason: 'NamespaceTerminating',
            message: `namespace ${ns} is being terminated`,
            field: 'metadata.namespace',
          },
        ],
      );
    }
  }

  private checkTypeMeta(type: ResourceType, version: string, obj: FakeObject): void {
    const name = obj.metadata?.name ?? '';
    const want = apiVersionOf(type, version);
    if (obj.kind !== undefined && obj.kind !== type.kind) {
      throw FakeApiError.invalid({ ...type, kind: obj.kind }, name, [
        { reason: 'FieldValueInvalid', message: `Invalid value: "${obj.kind}": must be ${type.kind}`, field: 'kind' },
      ]);
    }
    if (obj.apiVersion !== undefined && obj.apiVersion !== want) {
      throw FakeApiError.invalid(type, name, [
        {
          reason: 'FieldValueInvalid',
          message: `Invalid value: "${obj.apiVersion}": must be ${want}`,
          field: 'apiVersion',
        },
      ]);
    }
  }

  private generateName(type: ResourceType, ns: string | undefined, prefix: string): string {
    const table = this.table(type);
    for (;;) {
      let suffix = '';
      for (let i = 0; i < 5; i++) suffix += GENERATE_CHARS[Math.floor(Math.random() * GENERATE_CHARS.length)];
      const name = `${prefix.slice(0, 58)}${suffix}`;
      if (!table.has(`${ns ?? ''}/${name}`)) return name;
    }
  }

  private ownership(type: ResourceType, version: string, opts: WriteOptions): OwnershipWrite {
    const status = opts.subresource === 'status';
    return {
      manager: opts.fieldManager ?? 'unknown',
      apiVersion: apiVersionOf(type, version),
      subresource: status ? 'status' : undefined,
      scope: status ? 'status' : type.status ? 'main' : 'all',
      time: timestamp(this.options.clock.now()),
      types: type.fieldTypes ?? UNTYPED_FIELDS,
    };
  }

  private present(type: ResourceType, version: string, obj: StoredObject): StoredObject {
    const out = clone(obj);
    out.apiVersion = apiVersionOf(type, version);
    return out;
  }
}
