/**
 * Ordering of resourceVersions. Kubernetes calls them opaque strings, but every server kubekit
 * targets (etcd-backed API servers, `FakeApiServer`) uses decimal integers (etcd revisions).
 * kubekit's own read-your-writes (`CachedClient` waiting until its informer has seen the
 * resourceVersion of a write) relies on that order; controller-runtime has no read-your-writes (its
 * cached reads answer with whatever the cache holds). They are compared as integers when both are; anything else is "not comparable" and
 * callers must not guess an order.
 */

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/**
 * Compares two resourceVersions as integers: negative when `a` is older than `b`, 0 when equal,
 * positive when newer; `undefined` when either is not a decimal integer (then nothing can be said).
 * Exact for any length (no float rounding).
 */
export function compareResourceVersions(a: string, b: string): number | undefined {
  if (!DECIMAL.test(a) || !DECIMAL.test(b)) return undefined;
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `rv` can be ordered (a decimal integer), see {@link compareResourceVersions}. */
export function isComparableResourceVersion(rv: string | undefined): rv is string {
  return rv !== undefined && DECIMAL.test(rv);
}
