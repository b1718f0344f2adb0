import { CodecError, InvalidInputError } from '../errors.js';
import { type GroupVersionKind, parseApiVersion } from '../gvk.js';
import type { KubeObject, UnstructuredObject } from '../object.js';
import { gvkOf } from '../unstructured.js';
import type { WatchEvent } from '../watchEvent.js';

/** Whether objects of a kind live in a namespace or in the cluster. */
export type Scope = 'Namespaced' | 'Cluster';

/**
 * A kind the client knows the TypeScript type of. Reads of a descriptor come back as `T`. When
 * `plural` and `scope` are given, no discovery request is needed to map it; otherwise the REST mapper
 * asks the server.
 *
 * `decode` and `encode` are the one contract between the form the API server keeps (the wire form)
 * and the form the program works with, for every descriptor: custom resources of `@kubekit/crd`
 * (decode is the zod parse), typed views such as `defineSecret` (decode turns base64 into text,
 * encode turns it back) and your own. Every client (`Client`, `CachedClient`, `FakeClient`) and the
 * informer cache apply them; a descriptor without them costs nothing (objects are handed out as the
 * server sent them, not copied). Caches keep the wire form, so two descriptors of one kind (a view
 * and the plain kind) share one informer.
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
  /**
   * Turns an object as the server sends it into `T`: applied to every object a read of this kind
   * hands out (get, list, listPages/listAll, watch events, informer leases) and to the answers of
   * writes. It gets the wire object and must not change it (cached objects are shared and frozen);
   * it throws when the object does not fit, and the client reports that as a {@link CodecError}
   * naming the object, with the field when the thrown error has a string `path` or zod-style
   * `issues`. @default none: objects are handed out as the server sent them
   */
  decode?(wire: KubeObject): T;
  /**
   * Turns a `T` back into what the server takes: applied to the body of a write that names this
   * descriptor (`create`/`update`/`apply` with `{ kind }`, `status().update` with `{ kind }`, and
   * the `merge`/`strategic`/`apply` bodies of `patch(kind, ...)`). Those bodies may be partial (an
   * apply, a merge patch): encode the fields that are there. Throws when the value cannot be
   * encoded ({@link CodecError} `Encode`, nothing is sent). @default none: bodies are sent as given
   */
  encode?(value: T): KubeObject;
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
  /** See {@link KindDescriptor.decode}. @default none (objects are handed out as the server sent them) */
  decode?: (wire: KubeObject) => T;
  /** See {@link KindDescriptor.encode}. @default none (bodies are sent as given) */
  encode?: (value: T) => KubeObject;
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
    ...(init.decode !== undefined && { decode: init.decode }),
    ...(init.encode !== undefined && { encode: init.encode }),
  });
}

/** Whether a kind reference is a descriptor (has a group and version split out). */
export function isKindDescriptor(ref: KindRef): ref is KindDescriptor {
  return typeof (ref as KindDescriptor).version === 'string' && typeof (ref as KindDescriptor).group === 'string';
}

/** The descriptor's `decode`, when `kind` is a descriptor that has one. */
function decoderOf(kind: KindRef): ((wire: KubeObject) => unknown) | undefined {
  const decode = (kind as KindDescriptor).decode;
  return typeof decode === 'function' ? decode : undefined;
}

/** Whether reads of `kind` are decoded (it is a descriptor with a `decode`). */
export function hasDecode(kind: KindRef): boolean {
  return decoderOf(kind) !== undefined;
}

/**
 * An object read back, in the kind's form: `kind.decode(value)` when the kind has a `decode`,
 * else `value` itself (not copied).
 * @throws {@link CodecError} `Decode`, naming the object, when it does not fit.
 */
export function decodeObject<K extends KindRef>(kind: K, value: unknown): ObjectOf<K> {
  const decode = decoderOf(kind);
  if (!decode) return value as ObjectOf<K>;
  try {
    return decode.call(kind, value as KubeObject) as ObjectOf<K>;
  } catch (cause) {
    throw new CodecError('Decode', codecObject(kind, value), { cause });
  }
}

/**
 * A watch event with its object decoded like {@link decodeObject}. `ERROR` and `BOOKMARK` events
 * pass through (a bookmark carries only metadata: the kind's `decode` does not apply), and so does
 * every event of a kind without a `decode`: nothing is copied on that path.
 * @throws {@link CodecError} `Decode` when the event's object does not fit.
 */
export function decodeEvent<K extends KindRef, E extends WatchEvent>(kind: K, event: E): E {
  if (event.type === 'ERROR' || event.type === 'BOOKMARK' || !decoderOf(kind)) return event;
  return { ...event, object: decodeObject(kind, event.object) };
}

/**
 * A write body in the wire form: `kind.encode(value)` when `kind` is a descriptor with an
 * `encode`, else `value` itself.
 * @throws {@link CodecError} `Encode`, naming the object, when the descriptor cannot encode it.
 */
export function encodeObject(kind: KindRef | undefined, value: object): object {
  const encode = kind === undefined ? undefined : (kind as KindDescriptor).encode;
  if (typeof encode !== 'function') return value;
  try {
    return encode.call(kind, value);
  } catch (cause) {
    throw new CodecError('Encode', codecObject(kind as KindRef, value), { cause });
  }
}

/**
 * The kind a write of `obj` (in its wire form) goes to: the `kind` option when given, else the
 * object's own `{ apiVersion, kind }`.
 * @throws InvalidInputError when the object names no apiVersion or kind, or another one than `kind`.
 */
export function writeKindOf(obj: KubeObject, kind: KindDescriptor | undefined): KindRef {
  const gvk = gvkOf(obj);
  if (kind && (gvk.apiVersion !== kind.apiVersion || gvk.kind !== kind.kind)) {
    throw new InvalidInputError(
      'kind',
      `the object is a ${gvk.kind} of ${gvk.apiVersion}, the kind option a ${kind.kind} of ${kind.apiVersion}`,
    );
  }
  return kind ?? gvk;
}

const wireKinds = new WeakMap<KindDescriptor, KindDescriptor>();

/**
 * The kind as the server keeps it: the descriptor without `decode` and `encode` (the same object
 * when it has neither). Informers list and watch with it, so their stores hold wire objects any
 * descriptor of the kind can read.
 */
export function wireKind(kind: KindRef): KindRef {
  if (!isKindDescriptor(kind) || (kind.decode === undefined && kind.encode === undefined)) return kind;
  let wire = wireKinds.get(kind);
  if (!wire) {
    wire = Object.freeze({
      apiVersion: kind.apiVersion,
      kind: kind.kind,
      group: kind.group,
      version: kind.version,
      ...(kind.plural !== undefined && { plural: kind.plural }),
      ...(kind.scope !== undefined && { scope: kind.scope }),
    });
    wireKinds.set(kind, wire);
  }
  return wire;
}

function codecObject(kind: KindRef, value: unknown) {
  const metadata = (value as KubeObject | undefined)?.metadata;
  return {
    apiVersion: kind.apiVersion,
    kind: kind.kind,
    namespace: typeof metadata?.namespace === 'string' ? metadata.namespace : undefined,
    name: typeof metadata?.name === 'string' ? metadata.name : undefined,
  };
}
