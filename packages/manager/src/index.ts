/**
 * `@kubekit/manager`: the manager, controllers, work queue and reconcilers of an operator.
 *
 * This package is being built; see docs/manager.md for its plan. It has no public API yet.
 *
 * @packageDocumentation
 */
export {};
