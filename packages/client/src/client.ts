import type { WatchEvent } from '@kubekit/core';
import {
  decodeObject,
  encodeObject,
  fieldSelectorString,
  InvalidInputError,
  isStatus,
  type KindDescriptor,
  type KindRef,
  type KubeObject,
  labelSelectorString,
  type ObjectList,
  type ObjectOf,
  type PartialObjectMetadata,
  type Status,
  TokenBucket,
} from '@kubekit/core';
import { decodeEvent, setListItemKinds, writeKindOf } from '@kubekit/core/internal';
import { Discovery } from './discovery/discovery.js';
import type {
  CreateOptions,
  DeleteAllOfOptions,
  DeleteOptions,
  GetOptions,
  GetRawOptions,
  KindOption,
  KubeClient,
  ListOptions,
  ListPagesOptions,
  PatchOptions,
  StatusWriter,
  SubResourceClient,
  UpdateOptions,
  WatchOptions,
  WriteOptions,
} from './interfaces.js';
import { RestMapper, type RestMapping } from './mapping/restMapper.js';
import { type ClientOptions, type ResolvedClientOptions, resolveClientOptions } from './options.js';
import { listAllOf, listPagesOf } from './pages.js';
import { encodePatch, PATCH_CONTENT_TYPES, type Patch, patchBody } from './patch.js';
import { ACCEPT_METADATA, ACCEPT_METADATA_LIST } from './transport/accept.js';
import {
  HttpTransport,
  type Query,
  type RequestAttempt,
  type ResponseStream,
  type TransportStats,
} from './transport/httpTransport.js';
import {
  patchBodyField,
  resolveNamespace,
  validateApplyName,
  validateCreateName,
  validateDeleteOptions,
  validateNamespace,
  validateObject,
  validateObjectName,
  validatePatch,
  validatePathSegment,
  validatePositive,
  validateUpdateVersion,
} from './validation.js';
import { parseWatchStream } from './watch.js';

/** The `Accept` header of a subresource get: JSON, or whatever the subresource answers (text for `log`). */
const ACCEPT_ANY = 'application/json, */*';

/** What the views of one client share. */
interface ClientCore {
  readonly options: ResolvedClientOptions;
  readonly transport: HttpTransport;
  readonly discovery: Discovery;
  readonly mapper: RestMapper;
  /** The kubeconfig context's namespace (see {@link Client.defaultNamespace}). */
  readonly defaultNamespace: string | undefined;
}

/**
 * Handed from {@link Client.inNamespace} to the constructor, which takes it at once: views are
 * made here, in this module, and the public constructor takes only {@link ClientOptions}.
 */
let viewOf: { core: ClientCore; namespace: string } | undefined;

/**
 * The client of one cluster: reads and writes any kind — built-in, custom, or only known at run
 * time — as plain JSON. Kinds map to resources through discovery (see {@link RestMapper}); bad input
 * is refused with an `InvalidInputError` before anything is sent; server errors come back as typed
 * errors (see `errors.ts`). Requests share one keep-alive connection pool, a rate limit and retries.
 * It implements {@link KubeClient}, as the cache-backed and fake clients do.
 *
 * ```ts
 * const client = new Client({ kubeConfig });
 * const pod = await client.get(builtinKinds.Pod, 'web-0', { namespace: 'default' });
 * ```
 */
export class Client implements KubeClient {
  readonly #core: ClientCore;
  /** The namespace of a namespaced view (see {@link Client.inNamespace}); `undefined` for the client itself. */
  readonly namespace: string | undefined;

  constructor(options: ClientOptions = {}) {
    const view = viewOf;
    viewOf = undefined;
    if (view) {
      this.#core = view.core;
      this.namespace = view.namespace;
      return;
    }
    const resolved = resolveClientOptions(options);
    const transport = new HttpTransport({
      kubeConfig: resolved.kubeConfig,
      requestTimeoutMs: resolved.requestTimeoutMs,
      retry: {
        maxRetries: resolved.maxRetries,
        initialMs: resolved.retryBaseDelayMs,
        maxMs: resolved.retryMaxDelayMs,
      },
      rateLimiter: new TokenBucket({ qps: resolved.qps, burst: resolved.burst, clock: resolved.clock }),
      clock: resolved.clock,
      userAgent: resolved.userAgent,
      compression: resolved.compression,
      onWarning: resolved.onWarning,
    });
    const discovery = new Discovery({
      fetch: ({ path, accept, signal }) =>
        transport.requestJson({ method: 'GET', path, accept, idempotency: 'idempotent', signal }),
      minRefreshIntervalMs: resolved.discoveryMinRefreshIntervalMs,
      clock: resolved.clock,
    });
    const mapper = new RestMapper(discovery, resolved.kinds);
    const { kubeConfig } = resolved;
    const defaultNamespace = kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace || undefined;
    this.#core = { options: resolved, transport, discovery, mapper, defaultNamespace };
    this.namespace = undefined;
  }

  /**
   * The namespace of the kubeconfig's current context (in a Pod: its own namespace), as kubectl and
   * client-go use it: calls on a namespaced kind that need a namespace (get, create, update, patch,
   * apply, delete, deleteAllOf, subresources) and name none — not in their options, their object,
   * nor through {@link Client.inNamespace} — are made in it. Lists and watches without a namespace
   * still span all namespaces. `undefined` when the context names none: such calls then throw an
   * `InvalidInputError` on `namespace`.
   */
  get defaultNamespace(): string | undefined {
    return this.#core.defaultNamespace;
  }

  /**
   * A view of this client whose calls default to `namespace` for namespaced kinds (cluster-scoped
   * kinds ignore it). It shares connections, rate limit and discovery with this client.
   */
  inNamespace(namespace: string): Client {
    validateNamespace(namespace);
    viewOf = { core: this.#core, namespace };
    return new Client();
  }

  /**
   * What the server serves: groups, versions, resources with verbs, scope, names and subresources,
   * cached (see {@link Discovery}). Shared by every view of this client.
   */
  get discovery(): Discovery {
    return this.#core.discovery;
  }

  /** Maps kinds to resources, through {@link Client.discovery} for kinds not declared. */
  get restMapper(): RestMapper {
    return this.#core.mapper;
  }

  /**
   * Calls `listener` after every attempt of every request this client (and its namespaced views)
   * sends, answered or not: method, host, verb, resource, status code, duration. Returns the
   * unsubscribe function. The manager counts them as `rest_client_requests_total`.
   */
  onRequest(listener: (attempt: RequestAttempt) => void): () => void {
    return this.#core.transport.onRequest(listener);
  }

  /** Connection and attempt counters of the transport. */
  get stats(): TransportStats {
    return this.#core.transport.stats;
  }

  /** Closes pooled connections (of every view of this client). */
  close(): void {
    this.#core.transport.close();
  }

  /** Same as {@link Client.close}, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** One object by name; with `metadataOnly`, its {@link PartialObjectMetadata}. */
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
    const m = await this.#core.mapper.mapping(kind, options.signal);
    const path = this.#path(m, this.#namespace(m, options.namespace, undefined, true), this.#name(m, name));
    const obj = await this.#send(
      {
        method: 'GET',
        path,
        query: { resourceVersion: options.resourceVersion },
        ...(options.metadataOnly && { accept: ACCEPT_METADATA }),
      },
      options,
    );
    return options.metadataOnly ? (obj as PartialObjectMetadata) : decodeObject(kind, obj);
  }

  /** Objects of a kind; with `metadataOnly`, their {@link PartialObjectMetadata}. */
  list<K extends KindRef>(
    kind: K,
    options: ListOptions & { metadataOnly: true },
  ): Promise<ObjectList<PartialObjectMetadata>>;
  list<K extends KindRef>(kind: K, options?: ListOptions): Promise<ObjectList<ObjectOf<K>>>;
  async list<K extends KindRef>(
    kind: K,
    options: ListOptions = {},
  ): Promise<ObjectList<ObjectOf<K>> | ObjectList<PartialObjectMetadata>> {
    const m = await this.#core.mapper.mapping(kind, options.signal);
    const path = this.#path(m, this.#namespace(m, options.namespace, undefined, false));
    const query: Query = {
      labelSelector: labelSelectorString(options.labelSelector),
      fieldSelector: fieldSelectorString(options.fieldSelector),
      shardSelector: options.shardSelector || undefined,
      limit: validatePositive(options.limit, 'limit'),
      continue: options.continue || undefined,
      resourceVersion: options.resourceVersion,
      resourceVersionMatch: options.resourceVersionMatch,
    };
    const accept = options.metadataOnly ? ACCEPT_METADATA_LIST : undefined;
    const list = (await this.#send(
      { method: 'GET', path, query, ...(accept && { accept }), dropManagedFields: options.dropManagedFields },
      options,
    )) as ObjectList<unknown>;
    list.metadata ??= {};
    list.items ??= [];
    setListItemKinds(list as ObjectList<KubeObject>, options.metadataOnly ? undefined : kind);
    if (!options.metadataOnly) list.items = list.items.map((item) => decodeObject(kind, item));
    return list as ObjectList<ObjectOf<K>>;
  }

  /** Every page of a list, fetched one after the other with `limit`/`continue`. */
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

  /** Every object of a list, page by page (see {@link Client.listPages}). */
  listAll<K extends KindRef>(kind: K, options: ListPagesOptions = {}): AsyncGenerator<ObjectOf<K>, void, undefined> {
    return listAllOf(this, kind, options);
  }

  /**
   * Creates the object; returns what the server stored. With `{ kind }`, the body is that
   * descriptor's `encode` of `obj` and the answer its `decode` (see {@link KindDescriptor}).
   */
  create<K extends KindDescriptor>(obj: ObjectOf<K>, options: CreateOptions & KindOption<K>): Promise<ObjectOf<K>>;
  create<T extends KubeObject>(obj: T, options?: CreateOptions): Promise<T & KubeObject>;
  async create(obj: KubeObject, options: CreateOptions & Partial<KindOption> = {}): Promise<KubeObject> {
    validateObject(obj);
    const wire = encodeObject(options.kind, obj) as KubeObject;
    const m = await this.#core.mapper.mapping(writeKindOf(wire, options.kind), options.signal);
    const namespace = this.#namespace(m, options.namespace, wire.metadata?.namespace, true);
    validateCreateName(wire);
    if (wire.metadata?.name) this.#name(m, wire.metadata.name);
    const body = namespace && !wire.metadata?.namespace ? { ...wire, metadata: { ...wire.metadata, namespace } } : wire;
    const answer = await this.#send(
      {
        method: 'POST',
        path: this.#path(m, namespace),
        query: this.#writeQuery(options),
        body,
        idempotency: 'not-idempotent',
      },
      options,
    );
    return options.kind ? decodeObject(options.kind, answer) : (answer as KubeObject);
  }

  /**
   * Replaces the object; a stale `metadata.resourceVersion` is a `ConflictError`. With `{ kind }`,
   * encoded and decoded as by {@link Client.create}.
   */
  update<K extends KindDescriptor>(obj: ObjectOf<K>, options: UpdateOptions & KindOption<K>): Promise<ObjectOf<K>>;
  update<T extends KubeObject>(obj: T, options?: UpdateOptions): Promise<T & KubeObject>;
  async update(obj: KubeObject, options: UpdateOptions & Partial<KindOption> = {}): Promise<KubeObject> {
    return this.#update(obj, undefined, options);
  }

  async patch<K extends KindRef>(
    kind: K,
    name: string,
    patch: Patch,
    options: PatchOptions = {},
  ): Promise<ObjectOf<K>> {
    validatePatch(patch, options.force);
    return decodeObject(kind, await this.#patch(kind, name, encodePatch(kind, patch), undefined, options));
  }

  /**
   * Server-side apply of `obj` (a partial object with `apiVersion`, `kind` and `metadata.name`):
   * the fields it names become owned by `fieldManager`. With `{ kind }`, encoded and decoded as by
   * {@link Client.create}.
   */
  apply<K extends KindDescriptor>(obj: ObjectOf<K>, options: PatchOptions & KindOption<K>): Promise<ObjectOf<K>>;
  apply<T extends KubeObject>(obj: T, options?: PatchOptions): Promise<T & KubeObject>;
  async apply(obj: KubeObject, options: PatchOptions & Partial<KindOption> = {}): Promise<KubeObject> {
    validateObject(obj);
    const wire = encodeObject(options.kind, obj) as KubeObject;
    const name = validateApplyName(wire);
    const namespace = options.namespace ?? wire.metadata?.namespace;
    const answer = await this.#patch(
      writeKindOf(wire, options.kind),
      name,
      { type: 'apply', object: wire },
      undefined,
      {
        ...options,
        ...(namespace !== undefined && { namespace }),
      },
    );
    return options.kind ? decodeObject(options.kind, answer) : (answer as KubeObject);
  }

  /**
   * Deletes the object. Resolves to the server's answer: the object as deleted (with its last
   * resourceVersion), the object still present with `metadata.deletionTimestamp` set when
   * finalizers or graceful deletion hold it, or a `Status` (`isStatus(answer)`) for kinds whose
   * storage answers with one.
   */
  async delete(kind: KindRef, name: string, options: DeleteOptions = {}): Promise<KubeObject | Status> {
    validateDeleteOptions(options);
    const m = await this.#core.mapper.mapping(kind, options.signal);
    const path = this.#path(m, this.#namespace(m, options.namespace, undefined, true), this.#name(m, name));
    const conditional = Boolean(options.preconditions?.uid || options.preconditions?.resourceVersion);
    return (await this.#send(
      {
        method: 'DELETE',
        path,
        query: { dryRun: options.dryRun ? 'All' : undefined },
        body: deleteBody(options),
        bodyField: 'options',
        idempotency: conditional ? 'idempotent' : 'not-idempotent',
      },
      options,
    )) as KubeObject | Status;
  }

  /**
   * Deletes every matching object. Resolves to the server's answer: the list of the objects
   * deleted (or marked for deletion), or a `Status` for kinds whose storage answers with one.
   */
  async deleteAllOf(kind: KindRef, options: DeleteAllOfOptions = {}): Promise<ObjectList<KubeObject> | Status> {
    validateDeleteOptions(options);
    const m = await this.#core.mapper.mapping(kind, options.signal);
    const path = this.#path(m, this.#namespace(m, options.namespace, undefined, true));
    const query: Query = {
      labelSelector: labelSelectorString(options.labelSelector),
      fieldSelector: fieldSelectorString(options.fieldSelector),
      dryRun: options.dryRun ? 'All' : undefined,
    };
    const answer = (await this.#send(
      { method: 'DELETE', path, query, body: deleteBody(options), bodyField: 'options', idempotency: 'idempotent' },
      options,
    )) as ObjectList<KubeObject> | Status;
    if (!isStatus(answer)) setListItemKinds(answer, kind);
    return answer;
  }

  /**
   * Watches a kind: typed events parsed line by line as they arrive. The iteration ends when the
   * server closes the watch (after its timeout, or after an `ERROR` event) or when `signal` aborts;
   * breaking out of the loop closes the connection.
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
    const m = await this.#core.mapper.mapping(kind, options.signal);
    const path = this.#path(m, this.#namespace(m, options.namespace, undefined, false));
    const query: Query = {
      watch: 'true',
      allowWatchBookmarks: options.allowWatchBookmarks ?? true,
      labelSelector: labelSelectorString(options.labelSelector),
      fieldSelector: fieldSelectorString(options.fieldSelector),
      shardSelector: options.shardSelector || undefined,
      resourceVersion: options.resourceVersion,
      resourceVersionMatch: options.resourceVersionMatch,
      sendInitialEvents: options.sendInitialEvents,
      timeoutSeconds: validatePositive(options.timeoutSeconds, 'timeoutSeconds'),
    };
    let res: ResponseStream;
    try {
      res = await this.#core.transport.requestStream({
        method: 'GET',
        path,
        query,
        idempotency: 'idempotent',
        signal: options.signal,
        ...(options.metadataOnly && { accept: ACCEPT_METADATA }),
      });
    } catch (err) {
      if (options.signal?.aborted) return;
      throw err;
    }
    try {
      for await (const event of parseWatchStream<ObjectOf<K> & KubeObject>(
        res,
        {
          request: res.request,
          contentType: res.contentType,
        },
        { dropManagedFields: options.dropManagedFields },
      )) {
        yield options.metadataOnly ? event : decodeEvent(kind, event);
      }
    } catch (err) {
      if (!options.signal?.aborted) throw err;
    } finally {
      res.destroy();
    }
  }

  /** The `status` subresource. */
  status(): StatusWriter {
    return {
      update: ((obj: KubeObject, options: UpdateOptions & Partial<KindOption> = {}) =>
        this.#update(obj, 'status', options)) as StatusWriter['update'],
      patch: async (kind, name, patch, options = {}) => {
        validatePatch(patch, options.force);
        return decodeObject(kind, await this.#patch(kind, name, encodePatch(kind, patch), 'status', options));
      },
    };
  }

  /**
   * GETs a path of the API server that is not an object's: `/readyz`, `/version`, `/metrics`, a
   * discovery document, a list exactly as the wire has it. It goes the way of every other call —
   * this client's credentials, connections, rate limit and retries — where controller-runtime users
   * reach for a RESTClient. A JSON answer comes back parsed, any other as its text; an error answer
   * is a typed `ApiError` as from every other call. `options.accept` asks for another
   * representation, e.g. the Table `kubectl get` prints.
   *
   * ```ts
   * const ready = await client.getRaw('/readyz'); // 'ok'
   * const table = await client.getRaw('/api/v1/namespaces/default/pods', {
   *   accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
   * });
   * ```
   * @param path the path below the server URL, starting with `/`; it may carry a query string.
   * @throws InvalidInputError `path` when it does not start with `/`; `accept` when it is empty or
   *   holds a line break.
   */
  async getRaw(path: string, options: GetRawOptions = {}): Promise<unknown> {
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw new InvalidInputError('path', `must be a string starting with "/", got ${JSON.stringify(path)}`);
    }
    const { accept = ACCEPT_ANY } = options;
    if (typeof accept !== 'string' || accept.trim() === '' || /[\r\n]/.test(accept)) {
      throw new InvalidInputError(
        'accept',
        `must be a header value (not empty, no line break), got ${JSON.stringify(accept)}`,
      );
    }
    return this.#send({ method: 'GET', path, accept }, options);
  }

  /** Any subresource by name: `client.subResource('scale').get(Widget, 'w1', { namespace })`. */
  subResource(subresource: string): SubResourceClient {
    validatePathSegment(subresource, 'subresource');
    const at = async (kind: KindRef, name: string, namespace: string | undefined, signal?: AbortSignal) => {
      const m = await this.#core.mapper.mapping(kind, signal);
      return this.#path(m, this.#namespace(m, namespace, undefined, true), this.#name(m, name), subresource);
    };
    return {
      get: async <S>(kind: KindRef, name: string, options: GetOptions = {}) =>
        (await this.#send(
          // some subresources answer text (a Pod's `log`): that text is the answer
          { method: 'GET', path: await at(kind, name, options.namespace, options.signal), accept: ACCEPT_ANY },
          options,
        )) as S,
      create: async <S>(kind: KindRef, name: string, body: object, options: CreateOptions = {}) => {
        validateObject(body, 'body');
        return (await this.#send(
          {
            method: 'POST',
            path: await at(kind, name, options.namespace, options.signal),
            query: this.#writeQuery(options),
            body,
            idempotency: 'not-idempotent',
          },
          options,
        )) as S;
      },
      update: async <S extends object>(
        kind: KindRef,
        name: string,
        body: S,
        options: UpdateOptions & { namespace?: string } = {},
      ) => {
        validateObject(body, 'body');
        const rv = (body as KubeObject).metadata?.resourceVersion;
        return (await this.#send(
          {
            method: 'PUT',
            path: await at(kind, name, options.namespace, options.signal),
            query: this.#writeQuery(options),
            body,
            idempotency: rv ? 'idempotent' : 'not-idempotent',
          },
          options,
        )) as S;
      },
      patch: async <S>(kind: KindRef, name: string, patch: Patch, options: PatchOptions = {}) => {
        validatePatch(patch, options.force);
        return (await this.#patch(kind, name, patch, subresource, options)) as S;
      },
    };
  }

  async #update(
    obj: KubeObject,
    subresource: string | undefined,
    options: UpdateOptions & Partial<KindOption>,
  ): Promise<KubeObject> {
    validateObject(obj);
    const wire = encodeObject(options.kind, obj) as KubeObject;
    const m = await this.#core.mapper.mapping(writeKindOf(wire, options.kind), options.signal);
    const namespace = this.#namespace(m, undefined, wire.metadata?.namespace, true);
    const name = this.#name(m, wire.metadata?.name);
    const rv = wire.metadata?.resourceVersion;
    validateUpdateVersion(wire, options.unconditional);
    const answer = await this.#send(
      {
        method: 'PUT',
        path: this.#path(m, namespace, name, subresource),
        query: this.#writeQuery(options),
        body: namespace && !wire.metadata?.namespace ? { ...wire, metadata: { ...wire.metadata, namespace } } : wire,
        idempotency: rv ? 'idempotent' : 'not-idempotent',
      },
      options,
    );
    return options.kind ? decodeObject(options.kind, answer) : (answer as KubeObject);
  }

  async #patch(kind: KindRef, name: string, patch: Patch, subresource: string | undefined, options: PatchOptions) {
    const m = await this.#core.mapper.mapping(kind, options.signal);
    const path = this.#path(
      m,
      this.#namespace(m, options.namespace, undefined, true),
      this.#name(m, name),
      subresource,
    );
    const query = this.#writeQuery(options);
    if (patch.type === 'apply') query.force = options.force ?? undefined;
    return this.#send(
      {
        method: 'PATCH',
        path,
        query,
        body: patchBody(patch),
        bodyField: patchBodyField(patch.type),
        contentType: PATCH_CONTENT_TYPES[patch.type],
        idempotency: patch.type === 'apply' ? 'idempotent' : 'not-idempotent',
      },
      options,
    );
  }

  #send(
    req: {
      method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      path: string;
      query?: Query;
      body?: unknown;
      bodyField?: string;
      contentType?: string;
      accept?: string;
      idempotency?: 'idempotent' | 'not-idempotent';
      dropManagedFields?: boolean | undefined;
    },
    options: { signal?: AbortSignal | undefined },
  ): Promise<unknown> {
    return this.#core.transport.requestJson({
      ...req,
      idempotency: req.idempotency ?? 'idempotent',
      signal: options.signal,
    });
  }

  #writeQuery(options: WriteOptions): Query {
    return {
      dryRun: options.dryRun ? 'All' : undefined,
      fieldManager: options.fieldManager ?? this.#core.options.fieldManager,
      fieldValidation: options.fieldValidation ?? this.#core.options.fieldValidation,
    };
  }

  /** The namespace a call is made in, checked against the kind's scope. */
  #namespace(
    m: RestMapping,
    given: string | undefined,
    fromObject: string | undefined,
    required: boolean,
  ): string | undefined {
    return resolveNamespace({
      scope: m.scope,
      kind: m.kind,
      given,
      fromObject,
      fallback: this.namespace,
      defaultNamespace: this.#core.defaultNamespace,
      required,
    });
  }

  #name(m: RestMapping, name: string | undefined): string {
    return validateObjectName(m.group, name);
  }

  #path(m: RestMapping, namespace: string | undefined, name?: string, subresource?: string): string {
    let path = m.group === '' ? `/api/${m.version}` : `/apis/${m.group}/${m.version}`;
    if (namespace) path += `/namespaces/${namespace}`;
    path += `/${m.resource}`;
    if (name !== undefined) path += `/${encodeURIComponent(name)}`;
    if (subresource !== undefined) path += `/${subresource}`;
    return path;
  }
}

function deleteBody(options: DeleteOptions | DeleteAllOfOptions): object {
  const pre = 'preconditions' in options ? options.preconditions : undefined;
  return {
    apiVersion: 'v1',
    kind: 'DeleteOptions',
    ...(options.propagationPolicy !== undefined && { propagationPolicy: options.propagationPolicy }),
    ...(options.gracePeriodSeconds !== undefined && { gracePeriodSeconds: options.gracePeriodSeconds }),
    ...(pre && { preconditions: pre }),
    ...(options.dryRun && { dryRun: ['All'] }),
  };
}
