import { FakeApiError, type StatusCause } from './apiError.js';
import {
  type FieldPath,
  type FieldTypes,
  fieldSetOf,
  fromFieldsV1,
  itemElement,
  keyPath,
  removeField,
  toFieldsV1,
} from './fieldSets.js';
import type { FakeObject } from './types.js';

/** One `metadata.managedFields` entry, as the real server writes it (FieldsV1). */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

/** Which part of an object a write may own: everything but status, or only status. */
export type FieldScope = 'main' | 'status' | 'all';

/** Fields nobody owns: identity and server-set metadata. */
const IDENTITY = new Set([
  'f:apiVersion',
  'f:kind',
  'f:metadata\u0000f:name',
  'f:metadata\u0000f:namespace',
  'f:metadata\u0000f:uid',
  'f:metadata\u0000f:resourceVersion',
  'f:metadata\u0000f:generation',
  'f:metadata\u0000f:creationTimestamp',
  'f:metadata\u0000f:deletionTimestamp',
  'f:metadata\u0000f:deletionGracePeriodSeconds',
  'f:metadata\u0000f:managedFields',
]);

const skipFor =
  (scope: FieldScope) =>
  (p: FieldPath): boolean => {
    if (IDENTITY.has(p.join('\u0000'))) return true;
    if (scope === 'main') return p[0] === 'f:status';
    if (scope === 'status') return p[0] !== 'f:status';
    return false;
  };

/** The fields of an object a write in `scope` can own, with their values. */
const fieldsOf = (obj: unknown, scope: FieldScope, types: FieldTypes) => fieldSetOf(obj, types, skipFor(scope));

interface Owner {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  fields: Set<string>;
}

function owners(obj: FakeObject | undefined): Owner[] {
  const entries = (obj?.metadata?.managedFields ?? []) as ManagedFieldsEntry[];
  return entries.map((e) => ({
    manager: e.manager,
    operation: e.operation,
    apiVersion: e.apiVersion,
    ...(e.subresource ? { subresource: e.subresource } : {}),
    ...(e.time ? { time: e.time } : {}),
    fields: fromFieldsV1(e.fieldsV1),
  }));
}

function write(obj: FakeObject, list: Owner[]): void {
  const entries: ManagedFieldsEntry[] = list
    .filter((o) => o.fields.size > 0)
    .map((o) => ({
      apiVersion: o.apiVersion,
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1(o.fields),
      manager: o.manager,
      operation: o.operation,
      ...(o.subresource ? { subresource: o.subresource } : {}),
      ...(o.time ? { time: o.time } : {}),
    }));
  obj.metadata ??= {};
  if (entries.length > 0) obj.metadata.managedFields = entries;
  else delete obj.metadata.managedFields;
}

function entryFor(
  list: Owner[],
  manager: string,
  operation: 'Apply' | 'Update',
  subresource: string | undefined,
  apiVersion: string,
): Owner {
  let e = list.find((o) => o.manager === manager && o.operation === operation && o.subresource === subresource);
  if (!e) {
    e = { manager, operation, apiVersion, ...(subresource ? { subresource } : {}), fields: new Set() };
    list.push(e);
  }
  e.apiVersion = apiVersion;
  return e;
}

/** What one write needs to know to track ownership. */
export interface OwnershipWrite {
  manager: string;
  apiVersion: string;
  subresource: 'status' | undefined;
  scope: FieldScope;
  time: string;
  /** How the kind's lists and maps merge. */
  types: FieldTypes;
}

/** Paths set or changed from `before` to `after`, and paths gone. */
function compare(before: Map<string, string>, after: Map<string, string>) {
  const changed = [...after].filter(([p, v]) => before.get(p) !== v).map(([p]) => p);
  const removed = [...before.keys()].filter((p) => !after.has(p));
  return { changed, removed };
}

/**
 * Records an Update (create, update, or a non-apply patch) in `next.metadata.managedFields`: the
 * manager takes every field it set or changed; other managers lose those fields and the removed ones.
 */
export function recordUpdate(old: FakeObject | undefined, next: FakeObject, w: OwnershipWrite): void {
  const list = owners(old);
  const { changed, removed } = compare(
    old ? fieldsOf(old, w.scope, w.types) : new Map(),
    fieldsOf(next, w.scope, w.types),
  );
  for (const o of list) for (const p of [...changed, ...removed]) o.fields.delete(p);
  if (changed.length > 0) {
    const mine = entryFor(list, w.manager, 'Update', w.subresource, w.apiVersion);
    for (const p of changed) mine.fields.add(p);
    mine.time = w.time;
  }
  write(next, list);
}

/**
 * Server-side apply of `config` by a manager onto `current` (undefined when creating), merging
 * maps by key and keyed lists by item key: fields other managers own that the apply changes are
 * conflicts (409, as the real server words them) unless `force`; fields the manager applied
 * before and leaves out now are removed when nobody else owns them. Returns the new object, with
 * managedFields.
 */
export function applyConfig(
  current: FakeObject | undefined,
  config: FakeObject,
  w: OwnershipWrite & { force: boolean },
): FakeObject {
  const list = owners(current);
  const applied = fieldsOf(config, w.scope, w.types);
  const live = current ? fieldsOf(current, w.scope, w.types) : new Map<string, string>();
  const merged = mergeValue(structuredClone(current ?? {}), config, [], w.types) as FakeObject;
  const { changed } = compare(live, fieldsOf(merged, w.scope, w.types));
  const mine = list.find((o) => o.manager === w.manager && o.operation === 'Apply' && o.subresource === w.subresource);
  const conflicts = new Map<Owner, string[]>();
  for (const o of list) {
    if (o === mine) continue;
    const theirs = changed.filter((p) => o.fields.has(p));
    if (theirs.length > 0) conflicts.set(o, theirs);
  }
  if (conflicts.size > 0 && !w.force) throw conflictError(conflicts);
  for (const [o, paths] of conflicts) for (const p of paths) o.fields.delete(p);
  for (const p of mine?.fields ?? []) {
    if (applied.has(p) || list.some((o) => o !== mine && o.fields.has(p))) continue;
    removeField(merged, keyPath(p), w.types);
  }
  const after = fieldsOf(merged, w.scope, w.types);
  for (const o of list) for (const p of [...o.fields]) if (!after.has(p)) o.fields.delete(p);
  const entry = entryFor(list, w.manager, 'Apply', w.subresource, w.apiVersion);
  entry.fields = new Set(applied.keys());
  entry.time = w.time;
  write(merged, list);
  return merged;
}

/** A field path as the real server shows it in conflicts: `.spec.containers[name="web"].image`. */
function showPath(key: string): string {
  return keyPath(key)
    .map((e) => {
      if (e.startsWith('f:')) return `.${e.slice(2)}`;
      if (e.startsWith('k:')) {
        const fields = JSON.parse(e.slice(2)) as Record<string, unknown>;
        return `[${Object.entries(fields)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',')}]`;
      }
      if (e.startsWith('v:')) return `[=${e.slice(2)}]`;
      return `[${e.slice(2)}]`;
    })
    .join('');
}

function conflictError(conflicts: Map<Owner, string[]>): FakeApiError {
  const causes: StatusCause[] = [];
  const parts: string[] = [];
  let total = 0;
  for (const [o, paths] of conflicts) {
    const who = `"${o.manager}"${o.operation === 'Update' ? ` using ${o.apiVersion}` : ''}`;
    const shown = paths.map(showPath).sort();
    total += shown.length;
    for (const p of shown) causes.push({ reason: 'FieldManagerConflict', message: `conflict with ${who}`, field: p });
    parts.push(
      shown.length === 1
        ? `conflict with ${who}: ${shown[0]}`
        : `conflicts with ${who}:\n${shown.map((p) => `- ${p}`).join('\n')}`,
    );
  }
  const message = `Apply failed with ${total} conflict${total === 1 ? '' : 's'}: ${parts.join('\n')}`;
  return new FakeApiError('Conflict', message, { causes });
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Merges an applied value into a live one: maps by key, keyed lists and sets by item, the rest replaced. */
function mergeValue(live: unknown, applied: unknown, path: string[], types: FieldTypes): unknown {
  if (isObj(applied) && (path.length === 0 || !types.atomicMap(path))) {
    const out: Obj = isObj(live) ? live : {};
    for (const [k, v] of Object.entries(applied)) out[k] = mergeValue(out[k], v, [...path, k], types);
    return out;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    const listType = types.list(path);
    if (listType.type !== 'atomic') {
      const item = (i: unknown) => itemElement(i, listType);
      return mergeList(live, applied, item, path, listType.atomicItems ? undefined : types);
    }
  }
  return structuredClone(applied);
}

/**
 * Merges two keyed lists (or sets) in the real server's order: walking both, an item of both is
 * merged where the applied list has it; a live-only item stays where it was; an applied-only item
 * goes where the applied list puts it.
 */
function mergeList(
  live: unknown[],
  applied: unknown[],
  elementOf: (item: unknown) => string | undefined,
  path: string[],
  types: FieldTypes | undefined,
): unknown[] {
  const liveKeys = live.map(elementOf);
  const appliedKeys = applied.map(elementOf);
  if (liveKeys.includes(undefined) || appliedKeys.includes(undefined)) return structuredClone(applied);
  const liveAt = new Map(liveKeys.map((k, i) => [k as string, i]));
  const appliedAt = new Map(appliedKeys.map((k, i) => [k as string, i]));
  const sharedOrder = (appliedKeys as string[]).filter((k) => liveAt.has(k));
  let nextShared = sharedOrder.shift();
  const merged = new Set<string>();
  const out: unknown[] = [];
  const mergeItem = (k: string) => {
    const l = liveAt.get(k);
    const a = applied[appliedAt.get(k) as number];
    // Atomic items (no types to merge by) replace the live one.
    out.push(types ? mergeValue(l === undefined ? undefined : live[l], a, path, types) : structuredClone(a));
    merged.add(k);
  };
  let li = 0;
  let ai = 0;
  while (li < live.length || ai < applied.length) {
    if (li < live.length && ai < applied.length) {
      const lk = liveKeys[li] as string;
      if (lk === appliedKeys[ai]) {
        mergeItem(lk);
        li++;
        ai++;
        nextShared = sharedOrder.shift();
        continue;
      }
      if (appliedAt.has(lk) && nextShared !== undefined && nextShared !== lk) {
        li++;
        continue;
      }
    }
    if (li < live.length) {
      const lk = liveKeys[li] as string;
      if (!appliedAt.has(lk)) {
        out.push(live[li]);
        li++;
        continue;
      }
      if (merged.has(lk)) li++;
    }
    if (ai < applied.length) {
      const ak = appliedKeys[ai] as string;
      mergeItem(ak);
      ai++;
      if (nextShared === ak) nextShared = sharedOrder.shift();
    }
  }
  return out;
}
