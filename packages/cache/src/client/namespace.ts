/** How a kind is scoped, as its REST mapping says. */
export type Scope = 'Namespaced' | 'Cluster';

/** What a call of a {@link CachedClient} says about its namespace. */
export interface NamespaceSources {
  /** The call's `namespace` option. */
  readonly given: string | undefined;
  /** The namespace of the view the call was made on (`inNamespace`). */
  readonly view: string | undefined;
  /** The client's default namespace (its kubeconfig context's, see `Client.defaultNamespace`). */
  readonly defaultNamespace: string | undefined;
  /** Whether the call works on one object (get, write: it needs a namespace) or a set (list). */
  readonly oneObject: boolean;
}

/**
 * The namespace a call of a `CachedClient` works in, the one rule of this folder, as `Client`
 * resolves it: `''` for a cluster-scoped kind; else the given namespace, else the view's, else —
 * for a call on one object — the client's default namespace. `''` when none is left: a list then
 * spans all namespaces (and a get fails on the cache's `InvalidInputError`, as `Client.get` does).
 * Read-your-writes, the direct-read cache and the informer cache all key objects by this value.
 */
export function callNamespace(scope: Scope, sources: NamespaceSources): string {
  if (scope !== 'Namespaced') return '';
  return sources.given || sources.view || (sources.oneObject ? sources.defaultNamespace : undefined) || '';
}
