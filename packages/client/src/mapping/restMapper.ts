import { isNotFound, NoKindMatchError } from '../errors.js';
import { formatApiVersion, type GroupVersion, gvkKey, parseApiVersion } from '../gvk.js';
import { isKindDescriptor, type KindDescriptor, type KindRef, type Scope } from '../kinds/descriptor.js';

/** How a kind is served: the resource to put in URLs and whether it is namespaced. */
export interface RestMapping {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The resource (plural) name, e.g. `deployments`. */
  readonly resource: string;
  readonly scope: Scope;
  /** Subresources the server announced (`status`, `scale`, ...); empty when not discovered. */
  readonly subresources: readonly string[];
  /** Verbs the server announced; `undefined` when the mapping came from a descriptor, not discovery. */
  readonly verbs: readonly string[] | undefined;
}

/** One entry of an `APIResourceList` (discovery). */
interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs?: string[];
}

/** What the mapper asks: a GET of a discovery document, as JSON. */
export type DiscoveryFetch = (path: string, signal?: AbortSignal) => Promise<unknown>;

/**
 * Maps kinds to resources through discovery. Lazy: a group-version is fetched the first time one of
 * its kinds is asked for, then kept. A kind missing from the kept list triggers one refetch of its
 * group-version (so a CRD installed after the client started is found without a restart); if it is
 * still missing, `NoKindMatchError`. Concurrent lookups of one group-version share one request.
 * Descriptors that declare `plural` and `scope` map without a request, and so do bare
 * `{ apiVersion, kind }` references to a registered descriptor (the built-in catalog by default).
 * Plurals are never guessed.
 */
export class RestMapper {
  readonly #fetch: DiscoveryFetch;
  readonly #cache = new Map<string, Promise<ApiResource[] | undefined>>();
  readonly #known = new Map<string, KindDescriptor>();
  /** Mappings already found through discovery, by GVK key: {@link RestMapper.peek} answers from it. */
  readonly #found = new Map<string, RestMapping>();

  /**
   * @param fetch GETs a discovery document.
   * @param known Descriptors to map without discovery (those that declare `plural` and `scope`).
   */
  constructor(fetch: DiscoveryFetch, known: Iterable<KindDescriptor> = []) {
    this.#fetch = fetch;
    for (const d of known) this.register(d);
  }

  /** Maps `descriptor`'s kind without discovery from now on (it must declare `plural` and `scope`). */
  register(descriptor: KindDescriptor): void {
    if (descriptor.plural !== undefined && descriptor.scope !== undefined)
      this.#known.set(gvkKey(descriptor), descriptor);
  }

  /**
   * The mapping of a kind when it is known without asking the server (declared by its descriptor,
   * or found by an earlier {@link RestMapper.mapping}); `undefined` otherwise. Synchronous, for hot
   * paths such as cached reads.
   */
  peek(ref: KindRef): RestMapping | undefined {
    const key = gvkKey(ref);
    return this.#declared(ref, key) ?? this.#found.get(key);
  }

  /** The mapping of a kind; throws `NoKindMatchError` when no resource serves it. */
  async mapping(ref: KindRef, signal?: AbortSignal): Promise<RestMapping> {
    const gvk = gvkKey(ref);
    const known = this.#declared(ref, gvk) ?? this.#found.get(gvk);
    if (known) return known;
    const gv = parseApiVersion(ref.apiVersion);
    const key = formatApiVersion(gv);
    const cached = this.#cache.get(key);
    let used = cached;
    let found = cached ? this.#find(await this.#settled(key, cached), ref.kind) : undefined;
    if (!found) {
      // A miss: fetch again, unless another lookup already started a newer fetch to share.
      const current = this.#cache.get(key);
      used = current !== undefined && current !== cached ? current : this.#refresh(gv, signal);
      found = this.#find(await used, ref.kind);
    }
    if (!found) throw new NoKindMatchError(ref.apiVersion, ref.kind);
    const { resource, all } = found;
    const mapping: RestMapping = {
      group: gv.group,
      version: gv.version,
      kind: ref.kind,
      resource: resource.name,
      scope: resource.namespaced ? 'Namespaced' : 'Cluster',
      subresources: all
        .filter((r) => r.name.startsWith(`${resource.name}/`))
        .map((r) => r.name.slice(resource.name.length + 1)),
      verbs: resource.verbs ?? [],
    };
    // remembered only while the document it came from is the one in force (see invalidate)
    if (this.#cache.get(key) === used) this.#found.set(gvk, mapping);
    return mapping;
  }

  /** The mapping of a kind whose descriptor (given or registered) declares plural and scope. */
  #declared(ref: KindRef, key: string): RestMapping | undefined {
    const declared = isKindDescriptor(ref) && ref.plural !== undefined ? ref : this.#known.get(key);
    if (declared?.plural !== undefined && declared.scope !== undefined) {
      return {
        group: declared.group,
        version: declared.version,
        kind: declared.kind,
        resource: declared.plural,
        scope: declared.scope,
        subresources: [],
        verbs: undefined,
      };
    }
    return undefined;
  }

  /** Forgets what was discovered (one group-version, or everything). */
  invalidate(apiVersion?: string): void {
    if (apiVersion === undefined) {
      this.#cache.clear();
      this.#found.clear();
    } else {
      const gv = parseApiVersion(apiVersion);
      this.#cache.delete(formatApiVersion(gv));
      this.#forget(gv);
    }
  }

  /** Drops the found mappings of one group-version (its discovery document is being replaced). */
  #forget(gv: GroupVersion): void {
    for (const [key, m] of this.#found) if (m.group === gv.group && m.version === gv.version) this.#found.delete(key);
  }

  #find(list: ApiResource[] | undefined, kind: string): { resource: ApiResource; all: ApiResource[] } | undefined {
    const resource = list?.find((r) => r.kind === kind && !r.name.includes('/'));
    return resource && list ? { resource, all: list } : undefined;
  }

  async #settled(key: string, pending: Promise<ApiResource[] | undefined>): Promise<ApiResource[] | undefined> {
    try {
      return await pending;
    } catch {
      if (this.#cache.get(key) === pending) this.#cache.delete(key);
      return undefined;
    }
  }

  /** Fetches a group-version's resources again (sharing a fetch already under way). */
  #refresh(gv: GroupVersion, signal?: AbortSignal): Promise<ApiResource[] | undefined> {
    const key = formatApiVersion(gv);
    const path = gv.group === '' ? `/api/${gv.version}` : `/apis/${gv.group}/${gv.version}`;
    const pending = this.#fetch(path, signal).then(
      (doc) => (doc as { resources?: ApiResource[] } | undefined)?.resources ?? [],
      (err: unknown) => {
        if (isNotFound(err)) return undefined; // the group-version is not served (yet)
        throw err;
      },
    );
    this.#cache.set(key, pending);
    this.#forget(gv);
    pending.catch(() => {
      if (this.#cache.get(key) === pending) this.#cache.delete(key);
    });
    return pending;
  }
}
