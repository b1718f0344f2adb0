import { gvkKey, type KindDescriptor, type KindRef, type Scope } from '@kubekit/core';
import { isKindDescriptor } from '@kubekit/core/internal';
import type { ApiResource } from '../discovery/apiResource.js';
import type { Discovery } from '../discovery/discovery.js';
import { validateKindRef } from '../validation.js';

/** How a kind is served: the resource to put in URLs and whether it is namespaced. */
export interface RestMapping {
  /** The API group; `''` for the core group. */
  readonly group: string;
  /** The version served, e.g. `v1`. */
  readonly version: string;
  /** The kind, e.g. `Deployment`. */
  readonly kind: string;
  /** The resource (plural) name, e.g. `deployments`. */
  readonly resource: string;
  /** Whether objects live in a namespace or the cluster. */
  readonly scope: Scope;
  /** Subresources the server announced (`status`, `scale`, ...); empty when not discovered. */
  readonly subresources: readonly string[];
  /** Verbs the server announced; `undefined` when the mapping came from a descriptor, not discovery. */
  readonly verbs: readonly string[] | undefined;
}

/**
 * Maps kinds to resources. Descriptors that declare `plural` and `scope` map without a request, and
 * so do bare `{ apiVersion, kind }` references to a registered descriptor (the built-in catalog by
 * default). Every other kind is looked up in the client's {@link Discovery}: its cache, refreshed
 * once on a miss (so a CRD installed after the client started is found without a restart), then
 * `NoKindMatchError`. Plurals are never guessed.
 */
export class RestMapper {
  readonly #discovery: Discovery;
  readonly #known = new Map<string, KindDescriptor>();
  /** The mapping of each discovered resource, made once. */
  readonly #mappings = new WeakMap<ApiResource, RestMapping>();

  /**
   * @param discovery Where kinds that are not declared are looked up.
   * @param known Descriptors to map without discovery (those that declare `plural` and `scope`).
   */
  constructor(discovery: Discovery, known: Iterable<KindDescriptor> = []) {
    this.#discovery = discovery;
    for (const d of known) this.register(d);
  }

  /** Maps `descriptor`'s kind without discovery from now on (it must declare `plural` and `scope`). */
  register(descriptor: KindDescriptor): void {
    if (descriptor.plural !== undefined && descriptor.scope !== undefined)
      this.#known.set(gvkKey(descriptor), descriptor);
  }

  /**
   * The mapping of a kind when it is known without asking the server (declared by its descriptor,
   * or in discovery's cache); `undefined` otherwise. Synchronous, for hot paths such as cached reads.
   */
  peek(ref: KindRef): RestMapping | undefined {
    validateKindRef(ref);
    const declared = this.#declared(ref);
    if (declared) return declared;
    const discovered = this.#discovery.peek(ref);
    return discovered && this.#mappingOf(discovered);
  }

  /**
   * The mapping of a kind.
   * @throws `NoKindMatchError` when no resource serves it (after one refresh of discovery), or the
   *   error of its group-version's discovery request when that failed (see `Discovery.resolve`).
   */
  async mapping(ref: KindRef, signal?: AbortSignal): Promise<RestMapping> {
    return this.peek(ref) ?? this.#mappingOf(await this.#discovery.resolve(ref, signal ? { signal } : {}));
  }

  /** The mapping of a kind whose descriptor (given or registered) declares plural and scope. */
  #declared(ref: KindRef): RestMapping | undefined {
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
    return undefined;
  }

  #mappingOf(r: ApiResource): RestMapping {
    let m = this.#mappings.get(r);
    if (!m) {
      m = Object.freeze({
        group: r.group,
        version: r.version,
        kind: r.kind,
        resource: r.plural,
        scope: r.scope,
        subresources: Object.freeze(r.subresources.map((s) => s.name)),
        verbs: r.verbs,
      });
      this.#mappings.set(r, m);
    }
    return m;
  }
}
