/**
 * `@kubekit/cache`: list/watch reflectors, indexed stores and shared informers, one per kind,
 * created on first use.
 *
 * This package is being built; see docs/cache.md for its plan. It has no public API yet.
 *
 * @packageDocumentation
 */
export {};
