import {
  type CreateOptions,
  type DeleteAllOfOptions,
  type DeleteOptions,
  type GetOptions,
  type KindOption,
  type KubeClient,
  type ListOptions,
  type ListPagesOptions,
  listAllOf,
  listPagesOf,
  NoKindMatchError,
  type Patch,
  type PatchOptions,
  type StatusWriter,
  type SubResourceClient,
  type UpdateOptions,
  type WatchOptions,
} from '@kubekit/client';
import {
  encodePatch,
  patchBody,
  patchBodyField,
  resolveNamespace,
  validateApplyName,
  validateCreateName,
  validateDeleteOptions,
  validateKindRef,
  validateNamespace,
  validateObject,
  validateObjectName,
  validatePatch,
  validatePathSegment,
  validatePositive,
  validateUpdateVersion,
} from '@kubekit/client/internal';
import {
  decodeObject,
  encodeObject,
  fieldSelectorString,
  isNotFound,
  isStatus,
  type KindDescriptor,
  type KindRef,
  type KubeObject,
  labelSelectorString,
  type ObjectList,
  type ObjectOf,
  type PartialObjectMetadata,
  parseApiVersion,
  parseLabelSelector,
  type Status,
  type WatchEvent,
} from '@kubekit/core';
import { decodeEvent, isKindDescriptor, setListItemKinds, writeKindOf } from '@kubekit/core/internal';
import { readCrds } from '../../crds.js';
import { throwIfAborted } from '../../errors.js';
import { createClusterStorage } from '../clusterStorage.js';
import { FakeApiError } from '../engine/apiError.js';
import type { ResourceType } from '../engine/resourceRegistry.js';
import type { FakeStorage } from '../engine/storage.js';
import type { FakeList } from '../engine/storageOptions.js';
import type { FakeObject, GroupVersionResource } from '../engine/types.js';
import { toPartialMetadata } from '../http/partialMetadata.js';
import { type ScaleBody, scaleOf, updateScale } from '../http/router.js';
import { loadObjects } from '../manifests.js';
import { call, toError, wire } from './engineCall.js';
import {
  type FakeClientOptions,
  type ResolvedFakeClientOptions,
  resolveFakeClientOptions,
} from './fakeClientOptions.js';
import { pageByIndex, splitFieldSelector } from './fieldIndex.js';
import type { FakeClientInterceptors, FakeInterceptor, SubResourceCall } from './interceptors.js';
import { watchStorage } from './watchStorage.js';

/** What the views of one fake client share. */
interface FakeCore {
  readonly storage: FakeStorage;
  readonly options: ResolvedFakeClientOptions;
  readonly stop: () => void;
}

/** How a kind is served by the storage. */
interface Mapped {
  readonly type: ResourceType;
  readonly gvr: GroupVersionResource;
  readonly scope: 'Namespaced' | 'Cluster';
}

type CallOf<V extends keyof FakeClientInterceptors> = Parameters<NonNullable<FakeClientInterceptors[V]>>[0];
type ResultOf<V extends keyof FakeClientInterceptors> = Awaited<ReturnType<NonNullable<FakeClientInterceptors[V]>>>;

const SERVER_NOT_FOUND = 'the server could not find the requested resource';

/**
 * An in-process client for unit tests: a `KubeClient` of `@kubekit/client` with the same options
 * and answers as `Client` (`get`, `list`, writes, `status()`, `subResource()`, `watch`, `apply`,
 * `inNamespace`, `metadataOnly` reads), with no HTTP, on the storage engine of `FakeApiServer` — so resourceVersion
 * conflicts, generation, the status subresource, finalizers, selectors and pagination behave as
 * on the in-memory server, and errors are the client's classes (`isNotFound`, `isConflict`, ...).
 * Bad input is refused with the same `InvalidInputError`s as `Client`, before the store sees it.
 * Interceptors fail or count calls; indexes add field selectors. Results are copies.
 *
 * ```ts
 * const client = await FakeClient.create({ objects: [configMap] });
 * await reconcile(client);
 * ```
 */
export class FakeClient implements KubeClient {
  readonly #core: FakeCore;
  /** The namespace of a namespaced view (see {@link FakeClient.inNamespace}); `undefined` for the client itself. */
  readonly namespace: string | undefined;

  private constructor(core: FakeCore, namespace: string | undefined) {
    this.#core = core;
    this.namespace = namespace;
  }

  /**
   * A fake client: on `options.storage`, or on a new cluster storage; then CRDs, then `objects`
   * are created.
   * @throws {@link TestEnvironmentError} `InvalidCrd` for a bad CRD source, `Aborted`; the
   * client's API errors for objects the storage refuses.
   */
  static async create(options: FakeClientOptions = {}): Promise<FakeClient> {
    const o = resolveFakeClientOptions(options);
    throwIfAborted(o.signal, 'FakeClient.create');
    const crds = await readCrds(o.crds);
    throwIfAborted(o.signal, 'FakeClient.create');
    let storage = o.storage;
    let stop = () => {};
    if (!storage) {
      const cluster = createClusterStorage({ clock: o.clock, requireNamespaces: o.requireNamespaces });
      storage = cluster.storage;
      stop = cluster.stop;
    }
    const seed = storage;
    try {
      call(() =>
        loadObjects(seed, [
          ...(crds as unknown as FakeObject[]),
          ...(wire(o.objects, 'objects') as unknown as FakeObject[]),
        ]),
      );
    } catch (err) {
      stop();
      throw err;
    }
    return new FakeClient({ storage, options: o, stop }, undefined);
  }

  /** The storage engine under this client (share it with `FakeApiServer.start({ storage })`). */
  get storage(): FakeStorage {
    return this.#core.storage;
  }

  /** A view whose calls default to `namespace` for namespaced kinds; it shares storage and hooks. */
  inNamespace(namespace: string): FakeClient {
    validateNamespace(namespace);
    return new FakeClient(this.#core, namespace);
  }

  /** Stops the CRD controller and garbage collector of a storage this client created. Idempotent. */
  close(): void {
    this.#core.stop();
  }

  /** Same as {@link FakeClient.close}, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** One object by name; with `metadataOnly`, its {@link PartialObjectMetadata} (as `Client.get`). */
  get<K extends KindRef>(
    kind: K,
    name: string,
    options: GetOptions & { metadataOnly: true },
  ): Promise<PartialObjectMetadata>;
  get<K extends KindRef>(kind: K, name: string, options?: GetOptions): Promise<ObjectOf<K>>;
  async get<K extends KindRef>(
    kind: K,
    name: string,
    options: GetOptions = {},
  ): Promise<ObjectOf<K> | PartialObjectMetadata> {
    const out = await this.#intercept('get', { verb: 'get', kind, name, options }, async (c) => {
      c.options.signal?.throwIfAborted();
      const m = this.#map(c.kind);
      const ns = this.#namespace(m, c.options.namespace, undefined, true);
      return call(() => this.#core.storage.get(m.gvr, ns, validateObjectName(m.type.group, c.name)));
    });
    if (options.metadataOnly) return toPartialMetadata(out) as PartialObjectMetadata;
    return decodeObject(kind, out);
  }

  /** Objects of a kind; with `metadataOnly`, a `PartialObjectMetadataList` (as `Client.list`). */
  list<K extends KindRef>(
    kind: K,
    options: ListOptions & { metadataOnly: true },
  ): Promise<ObjectList<PartialObjectMetadata>>;
  list<K extends KindRef>(kind: K, options?: ListOptions): Promise<ObjectList<ObjectOf<K>>>;
  async list<K extends KindRef>(
    kind: K,
    options: ListOptions = {},
  ): Promise<ObjectList<ObjectOf<K>> | ObjectList<PartialObjectMetadata>> {
    const list = await this.#intercept('list', { verb: 'list', kind, options }, async (c) => {
      c.options.signal?.throwIfAborted();
      return this.#list(c.kind, c.options) as ObjectList<KubeObject>;
    });
    if (options.metadataOnly) return toPartialMetadata(list) as ObjectList<PartialObjectMetadata>;
    // kindless built-in items, as kube-apiserver lists them, get their kind back as `Client.list` gives it
    setListItemKinds(list, kind);
    return { ...list, items: list.items.map((item) => decodeObject(kind, item)) } as ObjectList<ObjectOf<K>>;
  }

  /** Every page of a list, one after the other with `limit`/`continue` (as `Client.listPages`). */
  listPages<K extends KindRef>(
    kind: K,
    options: ListPagesOptions & { metadataOnly: true },
  ): AsyncGenerator<ObjectList<PartialObjectMetadata>, void, undefined>;
  listPages<K extends KindRef>(
    kind: K,
    options?: ListPagesOptions,
  ): AsyncGenerator<ObjectList<ObjectOf<K>>, void, undefined>;
  listPages<K extends KindRef>(
    kind: K,
    options: ListPagesOptions = {},
  ): AsyncGenerator<ObjectList<ObjectOf<K>> | ObjectList<PartialObjectMetadata>, void, undefined> {
    return listPagesOf(this, kind, options);
  }

  /** Every object of a list, page by page. */
  listAll<K extends KindRef>(kind: K, options: ListPagesOptions = {}): AsyncGenerator<ObjectOf<K>, void, undefined> {
    return listAllOf(this, kind, options);
  }

  /**
   * Creates the object (as `Client.create`: with `{ kind }`, the body is that descriptor's `encode`
   * of `obj` and the answer is decoded). Interceptors see the encoded body.
   */
  create<K extends KindDescriptor>(obj: ObjectOf<K>, options: CreateOptions & KindOption<K>): Promise<ObjectOf<K>>;
  create<T extends KubeObject>(obj: T, options?: CreateOptions): Promise<T & KubeObject>;
  async create(obj: KubeObject, options: CreateOptions & Partial<KindOption> = {}): Promise<KubeObject> {
    validateObject(obj);
    const object = encodeObject(options.kind, obj) as KubeObject;
    const out = await this.#intercept('create', { verb: 'create', object, options }, async (c) => {
      c.options.signal?.throwIfAborted();
      const m = this.#map(writeKindOf(c.object, options.kind));
      const ns = this.#namespace(m, c.options.namespace, c.object.metadata?.namespace, true);
      validateCreateName(c.object);
      if (c.object.metadata?.name) validateObjectName(m.type.group, c.object.metadata.name);
      return call(() => this.#core.storage.create(m.gvr, ns, wire(c.object), this.#writeOptions(c.options)));
    });
    return options.kind ? decodeObject(options.kind, out) : out;
  }

  /** Replaces the object (as `Client.update`, encoded and decoded with `{ kind }`). */
  update<K extends KindDescriptor>(obj: ObjectOf<K>, options: UpdateOptions & KindOption<K>): Promise<ObjectOf<K>>;
  update<T extends KubeObject>(obj: T, options?: UpdateOptions): Promise<T & KubeObject>;
  async update(obj: KubeObject, options: UpdateOptions & Partial<KindOption> = {}): Promise<KubeObject> {
    validateObject(obj);
    const object = encodeObject(options.kind, obj) as KubeObject;
    const out = await this.#intercept('update', { verb: 'update', object, options }, async (c) =>
      this.#update(c.object, undefined, c.options),
    );
    return options.kind ? decodeObject(options.kind, out) : out;
  }

  async patch<K extends KindRef>(
    kind: K,
    name: string,
    patch: Patch,
    options: PatchOptions = {},
  ): Promise<ObjectOf<K>> {
    validatePatch(patch, options.force);
    const encoded = encodePatch(kind, patch);
    const out = await this.#intercept('patch', { verb: 'patch', kind, name, patch: encoded, options }, async (c) =>
      this.#patch(c.kind, c.name, c.patch, undefined, c.options),
    );
    return decodeObject(kind, out);
  }

  /**
   * Server-side apply of a partial object (goes through the `patch` interceptor, `patch.type: 'apply'`);
   * with `{ kind }`, encoded and decoded as by `Client.apply`.
   */
  apply<K extends KindDescriptor>(obj: ObjectOf<K>, options: PatchOptions & KindOption<K>): Promise<ObjectOf<K>>;
  apply<T extends KubeObject>(obj: T, options?: PatchOptions): Promise<T & KubeObject>;
  async apply(obj: KubeObject, options: PatchOptions & Partial<KindOption> = {}): Promise<KubeObject> {
    validateObject(obj);
    const object = encodeObject(options.kind, obj) as KubeObject;
    const name = validateApplyName(object);
    const kind = writeKindOf(object, options.kind);
    const namespace = options.namespace ?? object.metadata?.namespace;
    const opts = { ...options, ...(namespace !== undefined && { namespace }) };
    const patch: Patch = { type: 'apply', object };
    const out = await this.#intercept('patch', { verb: 'patch', kind, name, patch, options: opts }, async (c) =>
      this.#patch(c.kind, c.name, c.patch, undefined, c.options),
    );
    return options.kind ? decodeObject(options.kind, out) : out;
  }

  /**
   * Deletes the object; resolves to the answer `Client.delete` gives: the object as deleted, the
   * object still there with its `deletionTimestamp` when finalizers hold it, or a `Status`.
   */
  async delete(kind: KindRef, name: string, options: DeleteOptions = {}): Promise<KubeObject | Status> {
    validateDeleteOptions(options);
    return this.#intercept('delete', { verb: 'delete', kind, name, options }, async (c) => {
      c.options.signal?.throwIfAborted();
      const m = this.#map(c.kind);
      const ns = this.#namespace(m, c.options.namespace, undefined, true);
      const objName = validateObjectName(m.type.group, c.name);
      return call(() =>
        this.#core.storage.delete(m.gvr, ns, objName, {
          dryRun: c.options.dryRun === true,
          ...(c.options.preconditions && { preconditions: c.options.preconditions }),
          ...(c.options.propagationPolicy && { propagationPolicy: c.options.propagationPolicy }),
        }),
      ) as KubeObject | Status;
    });
  }

  /**
   * Deletes every matching object; resolves to the list of the objects deleted (or marked for
   * deletion), as `Client.deleteAllOf` does.
   */
  async deleteAllOf(kind: KindRef, options: DeleteAllOfOptions = {}): Promise<ObjectList<KubeObject> | Status> {
    validateDeleteOptions(options);
    const answer = await this.#intercept('deleteAllOf', { verb: 'deleteAllOf', kind, options }, async (c) => {
      c.options.signal?.throwIfAborted();
      const m = this.#map(c.kind);
      const ns = this.#namespace(m, c.options.namespace, undefined, true);
      const { labelSelector, fieldSelector } = c.options;
      const list = this.#list(c.kind, { labelSelector, fieldSelector, ...(ns !== undefined && { namespace: ns }) });
      const opts = {
        dryRun: c.options.dryRun === true,
        ...(c.options.propagationPolicy && { propagationPolicy: c.options.propagationPolicy }),
      };
      for (const item of list.items) {
        try {
          call(() => this.#core.storage.delete(m.gvr, item.metadata.namespace, item.metadata.name, opts));
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
      return list as ObjectList<KubeObject>;
    });
    if (!isStatus(answer)) setListItemKinds(answer, kind);
    return answer;
  }

  /**
   * Watches a kind: the typed events `Client.watch` yields, delivered in process as writes happen.
   * The iteration ends when `signal` aborts, after `timeoutSeconds`, after an `ERROR` event (a too
   * old `resourceVersion` is an `ERROR` event with a `GoneError`, as over HTTP), or on `break`.
   */
  watch<K extends KindRef>(
    kind: K,
    options: WatchOptions & { metadataOnly: true },
  ): AsyncGenerator<WatchEvent<PartialObjectMetadata>>;
  watch<K extends KindRef>(kind: K, options?: WatchOptions): AsyncGenerator<WatchEvent<ObjectOf<K> & KubeObject>>;
  async *watch<K extends KindRef>(
    kind: K,
    options: WatchOptions = {},
  ): AsyncGenerator<WatchEvent<ObjectOf<K> & KubeObject> | WatchEvent<PartialObjectMetadata>> {
    const events = await this.#intercept('watch', { verb: 'watch', kind, options }, async (c) => {
      const m = this.#map(c.kind);
      const ns = this.#namespace(m, c.options.namespace, undefined, false);
      const timeoutSeconds = validatePositive(c.options.timeoutSeconds, 'timeoutSeconds');
      const labelSelector = labelSelectorString(c.options.labelSelector);
      const fieldSelector = fieldSelectorString(c.options.fieldSelector);
      return watchStorage(this.#core.storage, m.gvr, ns, {
        storage: {
          ...(labelSelector !== undefined && { labelSelector }),
          ...(fieldSelector !== undefined && { fieldSelector }),
          ...(c.options.resourceVersion !== undefined && { resourceVersion: c.options.resourceVersion }),
          sendInitialEvents: c.options.sendInitialEvents === true,
          allowWatchBookmarks: c.options.allowWatchBookmarks ?? true,
        },
        signal: c.options.signal,
        timeoutSeconds,
        toError,
      });
    });
    for await (const event of events) {
      if (!options.metadataOnly) yield decodeEvent(kind, event) as WatchEvent<ObjectOf<K> & KubeObject>;
      else if (event.type === 'ERROR') yield event;
      else yield { ...event, object: toPartialMetadata(event.object) } as WatchEvent<PartialObjectMetadata>;
    }
  }

  /** The `status` subresource (calls go through the `subResource` interceptor). */
  status(): StatusWriter {
    const sub = this.subResource('status');
    return {
      update: (async (obj: KubeObject, options: UpdateOptions & Partial<KindOption> = {}) => {
        validateObject(obj);
        const object = encodeObject(options.kind, obj) as KubeObject;
        validateUpdateVersion(object, options.unconditional);
        const kind = writeKindOf(object, options.kind);
        const out = await sub.update(kind, object.metadata?.name ?? '', object, options);
        return options.kind ? decodeObject(options.kind, out) : out;
      }) as StatusWriter['update'],
      patch: async (kind, name, patch, options = {}) => {
        validatePatch(patch, options.force);
        return decodeObject(kind, await sub.patch(kind, name, encodePatch(kind, patch), options));
      },
    };
  }

  /**
   * Any subresource by name. `status` and `scale` are served as by `FakeApiServer`; others answer
   * `NotFoundError`, as the in-memory server does.
   */
  subResource(subresource: string): SubResourceClient {
    validatePathSegment(subresource, 'subresource');
    const run = (call: Omit<SubResourceCall, 'verb' | 'subresource'>) =>
      this.#intercept('subResource', { verb: 'subResource' as const, subresource, ...call }, (c) =>
        this.#subResource(c),
      );
    return {
      get: async <S>(kind: KindRef, name: string, options: GetOptions = {}) =>
        (await run({ operation: 'get', kind, name, options })) as S,
      create: async <S>(kind: KindRef, name: string, body: object, options: CreateOptions = {}) => {
        validateObject(body, 'body');
        return (await run({ operation: 'create', kind, name, body, options })) as S;
      },
      update: async <S extends object>(
        kind: KindRef,
        name: string,
        body: S,
        options: UpdateOptions & { namespace?: string } = {},
      ) => {
        validateObject(body, 'body');
        return (await run({ operation: 'update', kind, name, body, options })) as S;
      },
      patch: async <S>(kind: KindRef, name: string, patch: Patch, options: PatchOptions = {}) => {
        validatePatch(patch, options.force);
        return (await run({ operation: 'patch', kind, name, patch, options })) as S;
      },
    };
  }

  async #subResource(c: SubResourceCall): Promise<unknown> {
    c.options.signal?.throwIfAborted();
    const m = this.#map(c.kind);
    const storage = this.#core.storage;
    const sub = c.subresource;
    if (c.operation === 'update') {
      const body = c.body as KubeObject;
      const ns = this.#namespace(m, c.options.namespace, body.metadata?.namespace, true);
      const name = validateObjectName(m.type.group, c.name);
      if (sub === 'status') {
        // The kind and namespace come from the call, as they would from the URL; the
        // resourceVersion check of `status().update` ran before the interceptor.
        const full = {
          apiVersion: c.kind.apiVersion,
          kind: c.kind.kind,
          ...body,
          metadata: { ...body.metadata, name, ...(ns !== undefined && { namespace: ns }) },
        };
        return this.#update(full, 'status', { ...c.options, unconditional: true });
      }
      if (sub === 'scale') {
        return call(() =>
          updateScale(storage, m.type, { gvr: m.gvr, namespace: ns, name }, wire(body) as ScaleBody, {
            ...this.#writeOptions(c.options),
          }),
        );
      }
      throw toError(new FakeApiError('NotFound', SERVER_NOT_FOUND, {}));
    }
    if (c.operation === 'patch' && sub === 'status') {
      return this.#patch(c.kind, c.name, c.patch as Patch, 'status', c.options);
    }
    const ns = this.#namespace(m, c.options.namespace, undefined, true);
    const name = validateObjectName(m.type.group, c.name);
    if (sub !== 'status' && sub !== 'scale') throw toError(new FakeApiError('NotFound', SERVER_NOT_FOUND, {}));
    if (c.operation === 'get') {
      return call(() => {
        const obj = storage.get(m.gvr, ns, name);
        return sub === 'scale' ? scaleOf(m.type, obj) : obj;
      });
    }
    if (c.operation === 'patch') {
      const patch = c.patch as Patch;
      validatePatch(patch, c.options.force);
      return call(() => {
        const current = scaleOf(m.type, storage.get(m.gvr, ns, name));
        const asked = (wire(patchBody(patch), patchBodyField(patch.type)) as ScaleBody | undefined)?.spec?.replicas;
        return updateScale(
          storage,
          m.type,
          { gvr: m.gvr, namespace: ns, name },
          { spec: { replicas: asked ?? current.spec.replicas } },
          this.#writeOptions(c.options),
        );
      });
    }
    throw toError(
      new FakeApiError('MethodNotAllowed', 'the server does not allow this method on the requested resource'),
    );
  }

  async #update(
    obj: KubeObject,
    subresource: 'status' | undefined,
    options: UpdateOptions & Partial<KindOption>,
  ): Promise<KubeObject> {
    options.signal?.throwIfAborted();
    const m = this.#map(writeKindOf(obj, options.kind));
    const ns = this.#namespace(m, undefined, obj.metadata?.namespace, true);
    const name = validateObjectName(m.type.group, obj.metadata?.name);
    validateUpdateVersion(obj, options.unconditional);
    const body = wire(obj);
    if (ns !== undefined) body.metadata = { ...body.metadata, namespace: ns };
    return call(() =>
      this.#core.storage.update(m.gvr, ns, name, body, {
        ...this.#writeOptions(options),
        ...(subresource && { subresource }),
      }),
    );
  }

  async #patch(
    kind: KindRef,
    name: string,
    patch: Patch,
    subresource: 'status' | undefined,
    options: PatchOptions,
  ): Promise<KubeObject> {
    options.signal?.throwIfAborted();
    const m = this.#map(kind);
    const ns = this.#namespace(m, options.namespace, undefined, true);
    const objName = validateObjectName(m.type.group, name);
    validatePatch(patch, options.force);
    return call(() =>
      this.#core.storage.patch(m.gvr, ns, objName, patch.type, wire(patchBody(patch), patchBodyField(patch.type)), {
        ...this.#writeOptions(options),
        ...(patch.type === 'apply' && { force: options.force === true }),
        ...(subresource && { subresource }),
      }),
    );
  }

  #list(kind: KindRef, options: ListOptions): FakeList {
    const m = this.#map(kind);
    const ns = this.#namespace(m, options.namespace, undefined, false);
    const labelSelector = labelSelectorString(options.labelSelector);
    const fieldSelector = fieldSelectorString(options.fieldSelector);
    const limit = validatePositive(options.limit, 'limit');
    // The server judges the label selector before the field selector, which indexes may split here.
    parseLabelSelector(labelSelector);
    const split = splitFieldSelector(this.#core.options.indexes, m.type, fieldSelector);
    const base = {
      ...(labelSelector !== undefined && { labelSelector }),
      ...(split.rest !== undefined && { fieldSelector: split.rest }),
      ...(options.continue && { continue: options.continue }),
      ...(options.resourceVersion !== undefined && { resourceVersion: options.resourceVersion }),
      ...(options.resourceVersionMatch !== undefined && { resourceVersionMatch: options.resourceVersionMatch }),
    };
    if (split.terms.length === 0) {
      return call(() => this.#core.storage.list(m.gvr, ns, { ...base, ...(limit !== undefined && { limit }) }));
    }
    const all = call(() => this.#core.storage.list(m.gvr, ns, base));
    return pageByIndex(all, split.terms, limit, m.type.namespaced);
  }

  #writeOptions(options: { dryRun?: boolean; fieldManager?: string }) {
    return { dryRun: options.dryRun === true, fieldManager: options.fieldManager ?? this.#core.options.fieldManager };
  }

  #map(kind: KindRef): Mapped {
    validateKindRef(kind);
    const { group, version } = isKindDescriptor(kind) ? kind : parseApiVersion(kind.apiVersion);
    const type = this.#core.storage.registry.findKind(group, kind.kind);
    if (!type?.versions.includes(version)) throw new NoKindMatchError(kind.apiVersion, kind.kind);
    return {
      type,
      gvr: { group, version, resource: type.plural },
      scope: type.namespaced ? 'Namespaced' : 'Cluster',
    };
  }

  #namespace(
    m: Mapped,
    given: string | undefined,
    fromObject: string | undefined,
    required: boolean,
  ): string | undefined {
    return resolveNamespace({
      scope: m.scope,
      kind: m.type.kind,
      given,
      fromObject,
      fallback: this.namespace,
      required,
    });
  }

  #intercept<V extends keyof FakeClientInterceptors>(
    verb: V,
    c: CallOf<V>,
    run: (c: CallOf<V>) => Promise<ResultOf<V>>,
  ): Promise<ResultOf<V>> {
    const hook = this.#core.options.interceptors[verb] as FakeInterceptor<CallOf<V>, ResultOf<V>> | undefined;
    return hook ? hook(c, run) : run(c);
  }
}
