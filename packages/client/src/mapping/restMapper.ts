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

  /** The mapping of a kind; throws `NoKindMatchError` when no resource serves it. */
  async mapping(ref: KindRef, signal?: AbortSignal): Promise<RestMapping> {
    const declared = isKindDescriptor(ref) && ref.plural !== undefined ? ref : this.#known.get(gvkKey(ref));
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
    const gv = parseApiVersion(ref.apiVersion);
    const key = formatApiVersion(gv);
    const cached = this.#cache.get(key);
    let found = cached ? this.#find(await this.#settled(key, cached), ref.kind) : undefined;
    if (!found) {
      // A miss: fetch again, unless another lookup already started a newer fetch to share.
      const current = this.#cache.get(key);
      const fresh = current !== undefined && current !== cached ? current : this.#refresh(gv, signal);
      found = this.#find(await fresh, ref.kind);
    }
    if (!found) throw new NoKindMatchError(ref.apiVersion, ref.kind);
    const { resource, all } = found;
    return {
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
  }

  /** Forgets what was discovered (one group-version, or everything). */
  invalidate(apiVersion?: string): void {
    if (apiVersion === undefined) this.#cache.clear();
    else this.#cache.delete(formatApiVersion(parseApiVersion(apiVersion)));
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
    pending.catch(() => {
      if (this.#cache.get(key) === pending) this.#cache.delete(key);
    });
    return pending;
  }
}
