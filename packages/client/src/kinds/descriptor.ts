import { InvalidInputError } from '../errors.js';
import { type GroupVersionKind, parseApiVersion } from '../gvk.js';
import type { KubeObject, UnstructuredObject } from '../object.js';
import type { WatchEvent } from '../watch.js';

/**
 * A run-time check that turns JSON into a `T` or throws. A zod schema fits as it is
 * (`z.object({...})`); so does anything else with a `parse` method.
 */
export interface ObjectSchema<T> {
  parse(data: unknown): T;
}

/** Whether objects of a kind live in a namespace or in the cluster. */
export type Scope = 'Namespaced' | 'Cluster';

/**
 * A kind the client knows the TypeScript type of. Reads of a descriptor come back as `T`. When
 * `plural` and `scope` are given, no discovery request is needed to map it; otherwise the REST mapper
 * asks the server.
 */
export interface KindDescriptor<T extends KubeObject = KubeObject> extends GroupVersionKind {
  /** API group (`''` for core). */
  readonly group: string;
  /** API version, e.g. `v1`. */
  readonly version: string;
  /** The resource name (plural, lower case), as declared; never guessed. */
  readonly plural?: string;
  /** Namespaced or cluster-scoped, as declared. */
  readonly scope?: Scope;
  /** Optional run-time validation of what the server returns (e.g. a zod schema). */
  readonly schema?: ObjectSchema<T>;
  /** Type-level only: the object type of this kind. Never set. */
  readonly __object?: T;
}

/** What a client call accepts as a kind: a descriptor (typed) or a bare `{ apiVersion, kind }`. */
export type KindRef<T extends KubeObject = KubeObject> = KindDescriptor<T> | GroupVersionKind;

/** The object type a kind reference stands for: `T` for a descriptor, `UnstructuredObject` otherwise. */
export type ObjectOf<K> = K extends KindDescriptor<infer T> ? T : UnstructuredObject;

/** Fields of {@link defineKind}. */
export interface DefineKindInit<T> {
  /** `group/version`, or `v1` for core. */
  apiVersion: string;
  /** The kind, e.g. `Deployment`. */
  kind: string;
  /** The resource (plural) name. @default discovered from the server */
  plural?: string;
  /** The scope. @default discovered from the server */
  scope?: Scope;
  /** Run-time validation of read objects. @default none (objects are trusted) */
  schema?: ObjectSchema<T>;
}

/** Declares a typed kind: `defineKind<V1Pod>({ apiVersion: 'v1', kind: 'Pod', plural: 'pods', scope: 'Namespaced' })`. */
export function defineKind<T extends KubeObject>(init: DefineKindInit<T>): KindDescriptor<T> {
  const { group, version } = parseApiVersion(init.apiVersion);
  if (!init.kind) throw new InvalidInputError('kind', 'is required');
  if (init.plural !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(init.plural)) {
    throw new InvalidInputError('plural', `"${init.plural}" is not a lower-case resource name`);
  }
  return Object.freeze({
    apiVersion: init.apiVersion,
    kind: init.kind,
    group,
    version,
    ...(init.plural !== undefined && { plural: init.plural }),
    ...(init.scope !== undefined && { scope: init.scope }),
    ...(init.schema !== undefined && { schema: init.schema }),
  });
}

/** Whether a kind reference is a descriptor (has a group and version split out). */
export function isKindDescriptor(ref: KindRef): ref is KindDescriptor {
  return typeof (ref as KindDescriptor).version === 'string' && typeof (ref as KindDescriptor).group === 'string';
}

/** Applies a descriptor's run-time schema (`schema.parse`) to an object read back, when it has one. */
export function decodeObject<K extends KindRef>(kind: K, value: unknown): ObjectOf<K> {
  return (isKindDescriptor(kind) && kind.schema ? kind.schema.parse(value) : value) as ObjectOf<K>;
}

/**
 * A watch event with its object decoded like {@link decodeObject}. `ERROR` and `BOOKMARK` events
 * pass through (a bookmark carries only metadata: the kind's schema does not apply), and so does
 * every event of a kind without a schema: nothing is copied on that path.
 */
export function decodeEvent<K extends KindRef, E extends WatchEvent>(kind: K, event: E): E {
  if (event.type === 'ERROR' || event.type === 'BOOKMARK' || !isKindDescriptor(kind) || !kind.schema) return event;
  return { ...event, object: kind.schema.parse(event.object) };
}
