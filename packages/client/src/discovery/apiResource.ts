import type { GroupVersionKind, KindDescriptor, Scope } from '@kubekit/core';

/** An API group as discovery announces it. */
export interface ApiGroup {
  /** The group name; `''` for the core group (`/api`). */
  readonly name: string;
  /** The versions the group serves, most preferred first. */
  readonly versions: readonly string[];
  /** The version the server prefers (what `kubectl` uses when none is named). */
  readonly preferredVersion: string;
}

/** A subresource of an {@link ApiResource}: `status`, `scale`, `log`, `exec`, ... */
export interface ApiSubresource {
  /** The subresource name, e.g. `status` (for `pods/status`). */
  readonly name: string;
  /** The verbs it serves, e.g. `['get', 'patch', 'update']`. */
  readonly verbs: readonly string[];
  /**
   * The kind it answers with: the parent's kind for `status`, `autoscaling/v1` `Scale` for `scale`;
   * `undefined` when the server names none (e.g. `pods/exec`).
   */
  readonly responseKind: GroupVersionKind | undefined;
}

/**
 * A resource served at one group-version, as discovery announces it. It is a complete
 * {@link KindDescriptor} (it declares `plural` and `scope`), so it can be passed wherever a kind is:
 * `client.list(resource)` maps it without another request.
 */
export interface ApiResource extends KindDescriptor {
  /** The resource (plural, lower case) name in URLs, e.g. `deployments`. */
  readonly plural: string;
  /** Whether objects live in a namespace. */
  readonly scope: Scope;
  /** The singular name, e.g. `deployment` (the lower-cased kind when the server sends none). */
  readonly singular: string;
  /** The verbs the resource serves (`get`, `list`, `watch`, `create`, ...). */
  readonly verbs: readonly string[];
  /** Short names, e.g. `['deploy']`; empty when it has none. */
  readonly shortNames: readonly string[];
  /** Categories it belongs to, e.g. `['all']`; empty when none. */
  readonly categories: readonly string[];
  /** Its subresources, e.g. `status` and `scale`; empty when none. */
  readonly subresources: readonly ApiSubresource[];
}

/** A group-version whose resources could not be discovered; the rest of discovery goes on without it. */
export interface DiscoveryFailure {
  /** The group (`''` for core). */
  readonly group: string;
  /** The version. */
  readonly version: string;
  /**
   * Why: the error of its discovery request (a `ForbiddenError` for a user not allowed to read it,
   * a `ServiceUnavailableError` for an aggregated API server that does not answer, ...), or a
   * `ServiceUnavailableError` when aggregated discovery marks the group-version `Stale`.
   */
  readonly error: Error;
}
