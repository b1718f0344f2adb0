import { gvkOf, InvalidInputError, type KubeObject, type OwnerReference, parseApiVersion } from '@kubekit/client';
import { AlreadyOwnedError, InvalidOwnerError } from '../errors.js';

/** Options of {@link setControllerReference} and {@link setOwnerReference}. */
export interface OwnerRefOptions {
  /** Block the owner's foreground deletion until this object is gone. @default true for a controller reference, false otherwise */
  blockOwnerDeletion?: boolean;
}

function describe(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  return `${obj.kind ?? 'object'} ${ns ? `${ns}/` : ''}${obj.metadata?.name ?? '(no name)'}`;
}

function refTo(owner: KubeObject, object: KubeObject, controller: boolean, block: boolean): OwnerReference {
  const { apiVersion, kind } = gvkOf(owner);
  const name = owner.metadata?.name;
  const uid = owner.metadata?.uid;
  if (!name) throw new InvalidInputError('owner.metadata.name', 'the owner has no name');
  if (!uid) throw new InvalidInputError('owner.metadata.uid', 'the owner has no uid (read it from the server first)');
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
  return { apiVersion, kind, name, uid, ...(controller && { controller: true }), blockOwnerDeletion: block };
}

function sameOwner(a: OwnerReference, b: OwnerReference): boolean {
  return (
    a.kind === b.kind &&
    a.name === b.name &&
    parseApiVersion(a.apiVersion).group === parseApiVersion(b.apiVersion).group
  );
}

function upsert(object: KubeObject, ref: OwnerReference): void {
  object.metadata ??= {};
  const refs = object.metadata.ownerReferences ?? [];
  const i = refs.findIndex((r) => sameOwner(r, ref));
  object.metadata.ownerReferences = i < 0 ? [...refs, ref] : refs.map((r, j) => (j === i ? ref : r));
}

/**
 * Makes `owner` the controller of `object` (an owner reference with `controller: true`), so the
 * garbage collector deletes `object` with its owner and `owns()` watches map its events to the
 * owner. Mutates `object`. Throws `AlreadyOwnedError` when another object controls it, and
 * `InvalidOwnerError` for an owner in another namespace or a namespaced owner of a cluster-scoped
 * object (the garbage collector would delete it at once).
 */
export function setControllerReference(owner: KubeObject, object: KubeObject, options: OwnerRefOptions = {}): void {
  const ref = refTo(owner, object, true, options.blockOwnerDeletion ?? true);
  const current = object.metadata?.ownerReferences?.find((r) => r.controller === true);
  if (current && !sameOwner(current, ref)) {
    throw new AlreadyOwnedError(describe(object), `${current.kind} ${current.name}`);
  }
  upsert(object, ref);
}

/**
 * Adds `owner` to the owners of `object` (not as controller; replaced if already there). Mutates
 * `object`. Throws `InvalidOwnerError` as {@link setControllerReference} does.
 */
export function setOwnerReference(owner: KubeObject, object: KubeObject, options: OwnerRefOptions = {}): void {
  const ref = refTo(owner, object, false, options.blockOwnerDeletion ?? false);
  const current = object.metadata?.ownerReferences?.find((r) => sameOwner(r, ref));
  upsert(object, current?.controller ? { ...ref, controller: true } : ref);
}
