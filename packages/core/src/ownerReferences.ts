/**
 * Owner references: who owns an object, and which owner controls it. The one implementation in
 * kubekit; the arguments follow the sentence "set the controller reference of owner on object".
 * No I/O: the functions mutate the object passed in, and the caller writes it.
 */
import { AlreadyOwnedError, InvalidInputError, InvalidOwnerError } from './errors.js';
import { parseApiVersion } from './gvk.js';
import type { KubeObject, OwnerReference } from './object.js';

/** Options of {@link setControllerReference} and {@link setOwnerReference}. */
export interface OwnerReferenceOptions {
  /**
   * Block the owner's foreground deletion until `object` is gone.
   * @default true for {@link setControllerReference}, false for {@link setOwnerReference}
   */
  blockOwnerDeletion?: boolean;
}

function describe(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  return `${obj.kind ?? 'object'} ${ns ? `${ns}/` : ''}${obj.metadata?.name ?? '(no name)'}`;
}

function requireField(value: string | undefined, field: string, message: string): string {
  if (typeof value !== 'string' || value === '') throw new InvalidInputError(field, message);
  return value;
}

/**
 * The reference to `owner` that `object` may carry, or a typed error: the owner must name its
 * apiVersion, kind, name and uid; a namespaced owner can only own objects of its own namespace (not
 * cluster-scoped ones, not another namespace's: the garbage collector would delete them at once); an
 * object cannot own itself or one of its own owners.
 */
function referenceTo(owner: KubeObject, object: KubeObject, controller: boolean, block: boolean): OwnerReference {
  const apiVersion = requireField(owner.apiVersion, 'owner.apiVersion', 'the owner has no apiVersion');
  const kind = requireField(owner.kind, 'owner.kind', 'the owner has no kind');
  const name = requireField(owner.metadata?.name, 'owner.metadata.name', 'the owner has no name');
  const uid = requireField(
    owner.metadata?.uid,
    'owner.metadata.uid',
    'the owner has no uid (read it from the server first)',
  );
  const ownerNs = owner.metadata?.namespace;
  const objectNs = object.metadata?.namespace;
  if (ownerNs) {
    if (!objectNs) {
      throw new InvalidOwnerError(
        `cluster-scoped ${describe(object)} cannot be owned by namespaced ${describe(owner)}`,
      );
    }
    if (ownerNs !== objectNs) {
      throw new InvalidOwnerError(
        `cross-namespace owner references are not allowed: ${describe(object)} by ${describe(owner)}`,
      );
    }
  }
  const objectUid = object.metadata?.uid;
  if (objectUid !== undefined && objectUid === uid) {
    throw new InvalidOwnerError(`${describe(object)} cannot own itself`);
  }
  if (objectUid !== undefined && owner.metadata?.ownerReferences?.some((r) => r.uid === objectUid)) {
    throw new InvalidOwnerError(
      `${describe(owner)} is owned by ${describe(object)}, so it cannot own it in turn (were the arguments swapped? the owner comes first)`,
    );
  }
  return { apiVersion, kind, name, uid, ...(controller && { controller: true }), blockOwnerDeletion: block };
}

/** The group of an apiVersion, or the whole string when it does not parse (compared as given). */
function groupOf(apiVersion: string): string {
  try {
    return parseApiVersion(apiVersion).group;
  } catch {
    return apiVersion;
  }
}

/** Whether two references name the same owner: the same uid, or the same group, kind and name. */
function sameOwner(a: OwnerReference, b: OwnerReference): boolean {
  if (a.uid === b.uid) return true;
  return a.kind === b.kind && a.name === b.name && groupOf(a.apiVersion) === groupOf(b.apiVersion);
}

/** Replaces the reference to the same owner in place, or appends `ref`. */
function upsert(object: KubeObject, ref: OwnerReference): void {
  object.metadata ??= {};
  const refs = object.metadata.ownerReferences ?? [];
  const i = refs.findIndex((r) => sameOwner(r, ref));
  object.metadata.ownerReferences = i < 0 ? [...refs, ref] : refs.map((r, j) => (j === i ? ref : r));
}

/**
 * Makes `owner` the controller of `object`: an owner reference with `controller: true` (and
 * `blockOwnerDeletion: true` unless told otherwise), so the garbage collector deletes `object` with
 * its owner and a controller's `owns()` watch maps its events to the owner. Idempotent; a reference
 * to the same owner (same uid, or same group, kind and name) is updated in place. Mutates `object`.
 *
 * @throws InvalidInputError when `owner` lacks apiVersion, kind, metadata.name or metadata.uid
 *   (`field` names which).
 * @throws AlreadyOwnedError when another owner controls `object` already.
 * @throws InvalidOwnerError when `owner` is namespaced and `object` is cluster-scoped or in another
 *   namespace, or when `object` is `owner` itself or one of its owners (the arguments swapped).
 */
export function setControllerReference(
  owner: KubeObject,
  object: KubeObject,
  options: OwnerReferenceOptions = {},
): void {
  const ref = referenceTo(owner, object, true, options.blockOwnerDeletion ?? true);
  const current = controllerOf(object);
  if (current && !sameOwner(current, ref)) {
    throw new AlreadyOwnedError(describe(object), `${current.kind} ${current.name}`);
  }
  upsert(object, ref);
}

/**
 * Adds `owner` to the owners of `object`, not as controller (`blockOwnerDeletion: false` unless
 * told otherwise). A reference to the same owner (same uid, or same group, kind and name) is updated
 * in place and keeps its `controller: true` if it had it. Mutates `object`.
 *
 * @throws InvalidInputError and InvalidOwnerError as {@link setControllerReference} does.
 */
export function setOwnerReference(owner: KubeObject, object: KubeObject, options: OwnerReferenceOptions = {}): void {
  const ref = referenceTo(owner, object, false, options.blockOwnerDeletion ?? false);
  const current = object.metadata?.ownerReferences?.find((r) => sameOwner(r, ref));
  upsert(object, current?.controller === true ? { ...ref, controller: true } : ref);
}

/** The owner reference of `obj` marked `controller: true`, if any. */
export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/** Whether `obj` lists `owner` (by uid) among its owners. */
export function isOwnedBy(obj: KubeObject, owner: KubeObject): boolean {
  const uid = owner.metadata?.uid;
  return uid !== undefined && (obj.metadata?.ownerReferences ?? []).some((r) => r.uid === uid);
}
