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

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
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

/**
 * A strategic merge patch, simplified: like a merge patch, except that lists of objects that all
 * have a `name` (containers, volumes, env, ports...) — or a `type` (conditions) — merge by that key,
 * and `$patch: delete` items remove their match. Other `$` directives are ignored.
 */
export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (Array.isArray(patch)) return mergeList(Array.isArray(target) ? target : [], patch);
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return structuredClone(rest);
  }
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) delete out[key];
    else out[key] = strategicMergePatch(out[key], value);
  }
  return out;
}

function mergeKeyOf(items: unknown[]): 'name' | 'type' | undefined {
  if (items.length === 0 || !items.every(isObject)) return undefined;
  for (const key of ['name', 'type'] as const) {
    if ((items as Record<string, unknown>[]).every((i) => typeof i[key] === 'string')) return key;
  }
  return undefined;
}

function mergeList(target: unknown[], patch: unknown[]): unknown[] {
  const key = mergeKeyOf(patch);
  if (!key || !target.every(isObject)) return structuredClone(patch);
  const out = [...(target as Record<string, unknown>[])];
  for (const item of patch as Record<string, unknown>[]) {
    const at = out.findIndex((t) => t[key] === item[key]);
    if (item.$patch === 'delete') {
      if (at >= 0) out.splice(at, 1);
    } else if (at >= 0) {
      out[at] = strategicMergePatch(out[at], item) as Record<string, unknown>;
    } else {
      out.push(strategicMergePatch({}, item) as Record<string, unknown>);
    }
  }
  return out;
}

/** One RFC 6902 operation. */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

const unescapeToken = (s: string): string => s.replace(/~1/g, '/').replace(/~0/g, '~');

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw invalidPatch(`invalid JSON pointer "${path}"`);
  return path.slice(1).split('/').map(unescapeToken);
}

function invalidPatch(message: string): FakeApiError {
  return new FakeApiError(
    'Invalid',
    `the server rejected our request due to an error in our request: ${message}`,
    undefined,
    {
      code: 422,
    },
  );
}

function parentOf(doc: unknown, tokens: string[], path: string): { parent: unknown; last: string } {
  let cur: unknown = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObject(cur)) cur = cur[t];
    else cur = undefined;
    if (cur === undefined) throw invalidPatch(`doc is missing path: "${path}": missing value`);
  }
  return { parent: cur, last: tokens.at(-1) ?? '' };
}

function getAt(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const t of pointer(path)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObject(cur)) cur = cur[t];
    else cur = undefined;
    if (cur === undefined) throw invalidPatch(`doc is missing path: "${path}": missing value`);
  }
  return cur;
}

function removeAt(doc: unknown, path: string): unknown {
  const { parent, last } = parentOf(doc, pointer(path), path);
  if (Array.isArray(parent)) {
    const i = Number(last);
    if (!(i >= 0 && i < parent.length)) throw invalidPatch(`unable to remove nonexistent key: ${last}: missing value`);
    return parent.splice(i, 1)[0];
  }
  if (!isObject(parent) || !Object.hasOwn(parent, last)) {
    throw invalidPatch(`unable to remove nonexistent key: ${last}: missing value`);
  }
  const v = parent[last];
  delete parent[last];
  return v;
}

function addAt(doc: unknown, path: string, value: unknown, replace: boolean): unknown {
  const tokens = pointer(path);
  if (tokens.length === 0) return value;
  const { parent, last } = parentOf(doc, tokens, path);
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (!(i >= 0 && i <= parent.length)) throw invalidPatch(`index out of range in "${path}"`);
    if (replace) parent[i] = value;
    else parent.splice(i, 0, value);
  } else if (isObject(parent)) {
    if (replace && !Object.hasOwn(parent, last))
      throw invalidPatch(`replace operation does not apply: doc is missing key: ${path}: missing value`);
    parent[last] = value;
  } else {
    throw invalidPatch(`doc is missing path: "${path}": missing value`);
  }
  return doc;
}

/** Applies an RFC 6902 JSON Patch to a copy of `doc`. @throws {@link FakeApiError} `Invalid` on a failed operation. */
export function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops))
    throw FakeApiError.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let out: unknown = structuredClone(doc);
  for (const raw of ops as JsonPatchOperation[]) {
    const value = structuredClone(raw.value as Json);
    switch (raw.op) {
      case 'add':
        out = addAt(out, raw.path, value, false);
        break;
      case 'replace':
        out = addAt(out, raw.path, value, true);
        break;
      case 'remove':
        removeAt(out, raw.path);
        break;
      case 'move': {
        const moved = removeAt(out, raw.from ?? '');
        out = addAt(out, raw.path, moved, false);
        break;
      }
      case 'copy':
        out = addAt(out, raw.path, structuredClone(getAt(out, raw.from ?? '')), false);
        break;
      case 'test':
        if (JSON.stringify(getAt(out, raw.path)) !== JSON.stringify(value)) {
          throw invalidPatch(`testing value ${raw.path} failed: test failed`);
        }
        break;
      default:
        throw invalidPatch(`Unexpected kind: ${String((raw as { op?: unknown }).op)}`);
    }
  }
  return out;
}
