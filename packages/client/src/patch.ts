import { encodeObject, type KindDescriptor, type KindRef } from '@kubekit/core';
/** One RFC 6902 JSON Patch operation. `path` is a JSON Pointer (`/spec/replicas`). */
export type JsonPatchOperation =
  | {
      /** Adds `value` at `path` (into an array: before the index; `-` appends). */
      op: 'add';
      /** Where, as a JSON Pointer. */
      path: string;
      /** The value to add. */
      value: unknown;
    }
  | {
      /** Replaces the value at `path`, which must exist. */
      op: 'replace';
      /** Where, as a JSON Pointer. */
      path: string;
      /** The new value. */
      value: unknown;
    }
  | {
      /** Removes the value at `path`, which must exist. */
      op: 'remove';
      /** Where, as a JSON Pointer. */
      path: string;
    }
  | {
      /** Fails the whole patch unless the value at `path` equals `value` (a precondition). */
      op: 'test';
      /** Where, as a JSON Pointer. */
      path: string;
      /** The value expected there. */
      value: unknown;
    }
  | {
      /** Moves the value at `from` to `path`. */
      op: 'move';
      /** Where the value is, as a JSON Pointer. */
      from: string;
      /** Where it goes, as a JSON Pointer. */
      path: string;
    }
  | {
      /** Copies the value at `from` to `path`. */
      op: 'copy';
      /** Where the value is, as a JSON Pointer. */
      from: string;
      /** Where the copy goes, as a JSON Pointer. */
      path: string;
    };

/**
 * A patch, told apart by `type`:
 * - `merge`: RFC 7386 JSON merge patch (`null` deletes a field; lists are replaced whole);
 * - `json`: RFC 6902 JSON Patch operations (build them with {@link jsonPatch});
 * - `strategic`: strategic merge patch — built-in kinds only; the server answers 415
 *   (`UnsupportedMediaTypeError`) for custom resources;
 * - `apply`: server-side apply of a partial object (needs `fieldManager`; `force` takes over fields
 *   other managers own).
 */
export type Patch =
  | {
      /** An RFC 7386 JSON merge patch. */
      readonly type: 'merge';
      /** The fields to set; `null` deletes a field, lists are replaced whole. */
      readonly patch: object;
    }
  | {
      /** RFC 6902 JSON Patch operations, applied in order. */
      readonly type: 'json';
      /** The operations; see {@link jsonPatch} to build them. */
      readonly operations: readonly JsonPatchOperation[];
    }
  | {
      /** A strategic merge patch (built-in kinds only). */
      readonly type: 'strategic';
      /** The fields to set; lists merge by their keys as each kind declares. */
      readonly patch: object;
    }
  | {
      /** Server-side apply. */
      readonly type: 'apply';
      /** The partial object: the fields the field manager owns. */
      readonly object: object;
    };

/** The `Content-Type` the API server expects for each patch type. */
export const PATCH_CONTENT_TYPES: Readonly<Record<Patch['type'], string>> = Object.freeze({
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
});

/** The body sent for a patch. */
export function patchBody(patch: Patch): unknown {
  switch (patch.type) {
    case 'json':
      return patch.operations;
    case 'apply':
      return patch.object;
    default:
      return patch.patch;
  }
}

/**
 * A patch with its body in the wire form: the `merge`, `strategic` and `apply` bodies go through
 * the kind's `encode` (see {@link encodeObject}); a `json` patch is returned as it is (its values
 * are in the wire form already), and so is every patch of a kind without an `encode`.
 */
export function encodePatch(kind: KindRef, patch: Patch): Patch {
  if (patch.type === 'json' || typeof (kind as KindDescriptor).encode !== 'function') return patch;
  if (patch.type === 'apply') return { type: 'apply', object: encodeObject(kind, patch.object) };
  return { type: patch.type, patch: encodeObject(kind, patch.patch) };
}

/** Escapes one key for a JSON Pointer (`~` → `~0`, `/` → `~1`). */
export function escapePointerSegment(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Builds JSON Patch operations: `jsonPatch().test('/metadata/resourceVersion', rv).replace('/spec/size', 3).build()`. */
export class JsonPatchBuilder {
  readonly #ops: JsonPatchOperation[] = [];

  /** Adds a value (or appends to a list with `/-`). */
  add(path: string | readonly string[], value: unknown): this {
    this.#ops.push({ op: 'add', path: pointer(path), value });
    return this;
  }
  /** Replaces an existing value. */
  replace(path: string | readonly string[], value: unknown): this {
    this.#ops.push({ op: 'replace', path: pointer(path), value });
    return this;
  }
  /** Removes a value. */
  remove(path: string | readonly string[]): this {
    this.#ops.push({ op: 'remove', path: pointer(path) });
    return this;
  }
  /** Fails the whole patch unless the value equals `value` (optimistic concurrency without a resourceVersion). */
  test(path: string | readonly string[], value: unknown): this {
    this.#ops.push({ op: 'test', path: pointer(path), value });
    return this;
  }
  /** Moves a value. */
  move(from: string | readonly string[], path: string | readonly string[]): this {
    this.#ops.push({ op: 'move', from: pointer(from), path: pointer(path) });
    return this;
  }
  /** Copies a value. */
  copy(from: string | readonly string[], path: string | readonly string[]): this {
    this.#ops.push({ op: 'copy', from: pointer(from), path: pointer(path) });
    return this;
  }
  /** The operations so far. */
  build(): readonly JsonPatchOperation[] {
    return [...this.#ops];
  }
  /** The operations as a `Patch` for `client.patch`. */
  toPatch(): Patch {
    return { type: 'json', operations: this.build() };
  }
}

/** A path as a JSON Pointer: a pointer string is kept; a list of keys is escaped and joined. */
function pointer(path: string | readonly string[]): string {
  return typeof path === 'string' ? path : `/${path.map(escapePointerSegment).join('/')}`;
}

/** A new JSON Patch builder. */
export function jsonPatch(): JsonPatchBuilder {
  return new JsonPatchBuilder();
}
