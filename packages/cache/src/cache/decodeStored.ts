import { decodeObject, type KindRef, type KubeObject, type ObjectOf } from '@kubekit/core';
import { deepFreeze } from '../store/transform.js';

type Decoded = { readonly value: unknown } | { readonly error: unknown };

/** Per descriptor, the decoded form of each stored object it has read (weak on both sides). */
const memos = new WeakMap<KindRef, WeakMap<KubeObject, Decoded>>();

/**
 * A stored (wire) object in the form of `kind`, a descriptor with a `decode` (see
 * `KindDescriptor.decode`). Each stored object is decoded once per descriptor and the result handed
 * to every later read until the store replaces the object (stores replace, never change, what they
 * hold; the result is frozen when the stored object is), so a view costs one decode per object
 * change, not per read, and hands out the same object each time. An
 * object that does not fit throws the client's `CodecError` (`Decode`), for this read only.
 * Call it only for kinds with a `decode`: the others read stored objects as they are.
 */
export function decodeStored<K extends KindRef>(kind: K, obj: KubeObject): ObjectOf<K> {
  const decoded = decodeOnce(kind, obj);
  if ('error' in decoded) throw decoded.error;
  return decoded.value as ObjectOf<K>;
}

/** {@link decodeStored}, or `undefined` for an object that does not fit `kind`. */
export function decodeStoredIfFits<K extends KindRef>(kind: K, obj: KubeObject): ObjectOf<K> | undefined {
  const decoded = decodeOnce(kind, obj);
  return 'error' in decoded ? undefined : (decoded.value as ObjectOf<K>);
}

function decodeOnce(kind: KindRef, obj: KubeObject): Decoded {
  let memo = memos.get(kind);
  if (!memo) {
    memo = new WeakMap();
    memos.set(kind, memo);
  }
  let decoded = memo.get(obj);
  if (!decoded) {
    decoded = attempt(kind, obj, Object.isFrozen(obj));
    memo.set(obj, decoded);
  }
  return decoded;
}

function attempt(kind: KindRef, obj: KubeObject, freeze: boolean): Decoded {
  try {
    const value = decodeObject(kind, obj);
    return { value: freeze ? deepFreeze(value) : value };
  } catch (error) {
    return { error };
  }
}
