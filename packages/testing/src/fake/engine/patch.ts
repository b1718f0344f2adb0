import { isDeepStrictEqual } from 'node:util';
import { FakeApiError } from './apiError.js';

/** The patch types the fake server accepts, by their content types. */
export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

/** Content type → patch type. */
export const PATCH_CONTENT_TYPES: Readonly<Record<string, PatchType>> = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386 JSON merge patch: objects merge, `null` deletes, everything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** The merge key of the list at a field path: a key, `''` (a list of scalars merged as a set), or undefined (replaced). */
export type MergeKeyResolver = (fieldPath: readonly string[]) => string | undefined;

/**
 * A strategic merge patch: like a merge patch, except that lists merge as the kind declares —
 * lists of objects by their merge key (containers by `name`, ports by `containerPort`...), with
 * `$patch: delete` items removing their match, lists of scalars with a merge strategy (finalizers)
 * as sets — and `$patch: replace` replaces a map. Other `$` directives are ignored. Without
 * `mergeKeys`, lists of objects that all have a `name` (or a `type`) merge by it.
 */
export function strategicMergePatch(
  target: unknown,
  patch: unknown,
  mergeKeys?: MergeKeyResolver,
  path: readonly string[] = [],
): unknown {
  if (Array.isArray(patch)) return mergeList(Array.isArray(target) ? target : [], patch, mergeKeys, path);
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return structuredClone(rest);
  }
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) delete out[key];
    else out[key] = strategicMergePatch(out[key], value, mergeKeys, [...path, key]);
  }
  return out;
}

function guessMergeKey(items: unknown[]): 'name' | 'type' | undefined {
  if (items.length === 0 || !items.every(isObject)) return undefined;
  for (const key of ['name', 'type'] as const) {
    if ((items as Record<string, unknown>[]).every((i) => typeof i[key] === 'string')) return key;
  }
  return undefined;
}

function mergeList(
  target: unknown[],
  patch: unknown[],
  mergeKeys: MergeKeyResolver | undefined,
  path: readonly string[],
): unknown[] {
  const key = mergeKeys ? mergeKeys(path) : guessMergeKey(patch);
  if (key === '') {
    const merged: unknown[] = [];
    for (const v of [...target, ...patch]) if (!merged.some((m) => isDeepStrictEqual(m, v))) merged.push(v);
    const identity = (v: unknown) => JSON.stringify(v);
    return inServerOrder(merged, patch.map(identity), target.map(identity), identity);
  }
  if (!key || !target.every(isObject) || !patch.every(isObject)) return structuredClone(patch);
  const out = [...(target as Record<string, unknown>[])];
  const kept: unknown[] = [];
  for (const item of patch as Record<string, unknown>[]) {
    const at = out.findIndex((t) => t[key] === item[key]);
    if (item.$patch === 'delete') {
      if (at >= 0) out.splice(at, 1);
      continue;
    }
    kept.push(item[key]);
    if (at >= 0) out[at] = strategicMergePatch(out[at], item, mergeKeys, path) as Record<string, unknown>;
    else out.push(strategicMergePatch({}, item, mergeKeys, path) as Record<string, unknown>);
  }
  const keyOf = (v: unknown) => JSON.stringify((v as Record<string, unknown>)[key]);
  return inServerOrder(
    out,
    kept.map((k) => JSON.stringify(k)),
    (target as Record<string, unknown>[]).map(keyOf),
    keyOf,
  );
}

/**
 * Orders a merged list as the real server does: the patch's items in the patch's order, with the
 * items only the server had slotted in before the first patch item that comes later on the server.
 */
function inServerOrder(
  merged: unknown[],
  patchOrder: string[],
  serverOrder: string[],
  idOf: (v: unknown) => string,
): unknown[] {
  const inPatch = new Set(patchOrder);
  const rank = (order: string[]) => (v: unknown) => order.indexOf(idOf(v));
  const patchItems = merged
    .filter((v) => inPatch.has(idOf(v)))
    .sort((a, b) => rank(patchOrder)(a) - rank(patchOrder)(b));
  const serverOnly = merged
    .filter((v) => !inPatch.has(idOf(v)))
    .sort((a, b) => rank(serverOrder)(a) - rank(serverOrder)(b));
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < patchItems.length) {
    if (j >= patchItems.length) out.push(serverOnly[i++]);
    else if (i >= serverOnly.length) out.push(patchItems[j++]);
    else {
      const l = serverOrder.indexOf(idOf(serverOnly[i]));
      const r = serverOrder.indexOf(idOf(patchItems[j]));
      if (l >= 0 && r >= 0 && l < r) out.push(serverOnly[i++]);
      else out.push(patchItems[j++]);
    }
  }
  return out;
}

/** One RFC 6902 operation, as sent (fields may be missing or of the wrong type). */
export interface JsonPatchOperation {
  op?: unknown;
  path?: unknown;
  from?: unknown;
  value?: unknown;
}

/**
 * Why one JSON Patch operation failed. The real server does not show it (its 422 says only
 * "the server rejected our request due to an error in our request"); the fake keeps it as the
 * error's `cause`.
 */
class PatchOperationError extends Error {
  /** The class name, `'PatchOperationError'`: what logs and stack traces start with. */
  override readonly name = 'PatchOperationError';
}

/** The 422 a failed JSON Patch answers, word for word the real server's. */
function patchFailed(why: string): FakeApiError {
  return new FakeApiError(
    'Invalid',
    'the server rejected our request due to an error in our request',
    {},
    {
      cause: new PatchOperationError(why),
    },
  );
}

type Container = Record<string, unknown> | unknown[];
const MISSING = Symbol('missing');

const decodeKey = (k: string) => k.replace(/~1/g, '/').replace(/~0/g, '~');
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

/** The container holding the last token of `path`, and that token; undefined when a step is missing. */
function findParent(doc: Container, path: string): { parent: Container; key: string } | undefined {
  const parts = path.split('/');
  if (parts.length < 2) return undefined;
  let cur: Container = doc;
  for (const raw of parts.slice(1, -1)) {
    const next = getIn(cur, decodeKey(raw));
    if (!isContainer(next)) return undefined;
    cur = next;
  }
  return { parent: cur, key: decodeKey(parts.at(-1) as string) };
}

const arrayIndex = (key: string): number => (/^-?\d+$/.test(key) ? Number(key) : Number.NaN);

function getIn(c: Container, key: string): unknown {
  if (!Array.isArray(c)) return Object.hasOwn(c, key) ? c[key] : undefined;
  const i = arrayIndex(key);
  return i >= 0 && i < c.length ? c[i] : MISSING;
}

function addIn(c: Container, key: string, value: unknown): void {
  if (!Array.isArray(c)) {
    c[key] = value;
    return;
  }
  if (key === '-') {
    c.push(value);
    return;
  }
  const i = arrayIndex(key);
  if (!(i >= 0 && i <= c.length)) throw new PatchOperationError(`Unable to access invalid index: ${key}`);
  c.splice(i, 0, value);
}

function removeIn(c: Container, key: string): void {
  if (!Array.isArray(c)) {
    if (!Object.hasOwn(c, key)) throw new PatchOperationError(`Unable to remove nonexistent key: ${key}`);
    delete c[key];
    return;
  }
  const i = arrayIndex(key);
  if (!(i >= 0 && i < c.length)) throw new PatchOperationError(`Unable to access invalid index: ${key}`);
  c.splice(i, 1);
}

const stringField = (op: JsonPatchOperation, field: 'path' | 'from'): string => {
  const v = op[field];
  if (typeof v !== 'string') throw new PatchOperationError(`operation missing ${field} field`);
  return v;
};

function located(doc: Container, path: string, what: string): { parent: Container; key: string } {
  const at = findParent(doc, path);
  if (!at) throw new PatchOperationError(`${what} operation does not apply: doc is missing path: "${path}"`);
  return at;
}

function applyOperation(doc: Container, op: JsonPatchOperation): Container {
  switch (op.op) {
    case 'add': {
      const { parent, key } = located(doc, stringField(op, 'path'), 'add');
      addIn(parent, key, structuredClone(op.value ?? null));
      return doc;
    }
    case 'remove': {
      const { parent, key } = located(doc, stringField(op, 'path'), 'remove');
      removeIn(parent, key);
      return doc;
    }
    case 'replace': {
      const path = stringField(op, 'path');
      if (path === '') {
        if (!isContainer(op.value)) throw new PatchOperationError('replace operation value must be object or array');
        return structuredClone(op.value);
      }
      const { parent, key } = located(doc, path, 'replace');
      // As in the JSON Patch library the real server uses, a missing key of an object is added.
      if (Array.isArray(parent) && getIn(parent, key) === MISSING) {
        throw new PatchOperationError(`replace operation does not apply: doc is missing key: ${path}`);
      }
      if (Array.isArray(parent)) parent[arrayIndex(key)] = structuredClone(op.value ?? null);
      else parent[key] = structuredClone(op.value ?? null);
      return doc;
    }
    case 'move':
    case 'copy': {
      const from = located(doc, stringField(op, 'from'), op.op);
      const value = getIn(from.parent, from.key);
      if (value === MISSING) throw new PatchOperationError(`Unable to access invalid index: ${from.key}`);
      if (op.op === 'move') removeIn(from.parent, from.key);
      const to = located(doc, stringField(op, 'path'), op.op);
      addIn(to.parent, to.key, op.op === 'copy' ? structuredClone(value ?? null) : (value ?? null));
      return doc;
    }
    case 'test': {
      const path = stringField(op, 'path');
      let actual: unknown = doc;
      if (path !== '') {
        const { parent, key } = located(doc, path, 'test');
        actual = getIn(parent, key);
      }
      if (actual === MISSING) throw new PatchOperationError(`error in test for path: '${path}'`);
      const equal =
        actual === undefined ? op.value === undefined || op.value === null : isDeepStrictEqual(actual, op.value);
      if (!equal) throw new PatchOperationError(`testing value ${path} failed: test failed`);
      return doc;
    }
    default:
      throw new PatchOperationError(`Unexpected kind: ${String(op.op)}`);
  }
}

/**
 * Applies an RFC 6902 JSON Patch to a copy of `doc`, with the semantics of the JSON Patch library
 * kube-apiserver uses (a `replace` of a missing object key adds it; `test` of a missing key
 * passes against `null`).
 * @throws {@link FakeApiError} `BadRequest` when the body is not a list of operations; `Invalid`
 * (422, the real server's words) when an operation fails.
 */
export function jsonPatch(doc: unknown, ops: unknown): unknown {
  const jsonType = (v: unknown) =>
    Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v;
  if (!Array.isArray(ops)) {
    throw FakeApiError.badRequest(`json: cannot unmarshal ${jsonType(ops)} into Go value of type jsonpatch.Patch`);
  }
  const bad = ops.find((o) => typeof o !== 'object' || o === null || Array.isArray(o));
  if (bad !== undefined && bad !== null) {
    throw FakeApiError.badRequest(`json: cannot unmarshal ${jsonType(bad)} into Go value of type jsonpatch.Operation`);
  }
  let out = structuredClone(doc) as Container;
  for (const op of ops as JsonPatchOperation[]) {
    try {
      out = applyOperation(out, op ?? {});
    } catch (err) {
      if (err instanceof PatchOperationError) throw patchFailed(err.message);
      throw err;
    }
  }
  return out;
}
