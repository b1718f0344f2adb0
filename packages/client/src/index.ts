/**
 * `@kubekit/client`: typed, unstructured and dynamic access to any Kubernetes kind.
 *
 * This package is being built; see docs/client.md for its plan. It has no public API yet.
 *
 * @packageDocumentation
 */
export {};
