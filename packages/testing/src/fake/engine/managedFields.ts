import { FakeApiError, type StatusCause } from './apiError.js';
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

const IDENTITY = new Set([
  '.apiVersion',
  '.kind',
  '.metadata.name',
  '.metadata.namespace',
  '.metadata.uid',
  '.metadata.resourceVersion',
  '.metadata.generation',
  '.metadata.creationTimestamp',
  '.metadata.deletionTimestamp',
  '.metadata.deletionGracePeriodSeconds',
  '.metadata.managedFields',
]);

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The leaf fields of an object as paths (`.spec.size`) with their JSON values. Lists are leaves
 * (a simplification: the real server tracks list items by key).
 */
export function leafFields(obj: unknown, scope: FieldScope): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: unknown, path: string) => {
    if (IDENTITY.has(path)) return;
    if (scope === 'main' && path === '.status') return;
    if (scope === 'status' && path !== '' && !path.startsWith('.status') && !'.status'.startsWith(path)) return;
    if (isMap(v) && Object.keys(v).length > 0) {
      for (const [k, child] of Object.entries(v)) walk(child, `${path}.${k}`);
    } else if (path !== '') {
      out.set(path, JSON.stringify(v));
    }
  };
  walk(obj, '');
  return out;
}

function toFieldsV1(paths: Iterable<string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const p of paths) {
    let cur = root;
    for (const key of p.slice(1).split('.')) {
      const k = `f:${key}`;
      cur[k] ??= {};
      cur = cur[k] as Record<string, unknown>;
    }
  }
  return root;
}

function fromFieldsV1(f: unknown, prefix = ''): string[] {
  if (!isMap(f)) return [];
  const keys = Object.keys(f).filter((k) => k.startsWith('f:'));
  if (keys.length === 0) return prefix ? [prefix] : [];
  return keys.flatMap((k) => fromFieldsV1(f[k], `${prefix}.${k.slice(2)}`));
}

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
    fields: new Set(fromFieldsV1(e.fieldsV1)),
  }));
}

function write(obj: FakeObject, list: Owner[]): void {
  const entries: ManagedFieldsEntry[] = list
    .filter((o) => o.fields.size > 0)
    .map((o) => ({
      apiVersion: o.apiVersion,
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1([...o.fields].sort()),
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
}

/**
 * Records an Update (create, update, or a non-apply patch) in `next.metadata.managedFields`: the
 * manager takes every field it set or changed; other managers lose those fields.
 */
export function recordUpdate(old: FakeObject | undefined, next: FakeObject, w: OwnershipWrite): void {
  const list = owners(old);
  const before = old ? leafFields(old, w.scope) : new Map<string, string>();
  const after = leafFields(next, w.scope);
  const changed = [...after].filter(([p, v]) => before.get(p) !== v).map(([p]) => p);
  const removed = [...before.keys()].filter((p) => !after.has(p));
  for (const o of list) for (const p of [...changed, ...removed]) o.fields.delete(p);
  if (changed.length > 0) {
    const mine = entryFor(list, w.manager, 'Update', w.subresource, w.apiVersion);
    for (const p of changed) mine.fields.add(p);
    mine.time = w.time;
  }
  write(next, list);
}

/**
 * Server-side apply of `config` by a manager onto `current` (undefined when creating): fields
 * other managers own with another value are conflicts (409, as the real server words them) unless
 * `force`; fields the manager applied before and leaves out now are removed when nobody else owns
 * them. Returns the new object, with managedFields.
 */
export function applyConfig(
  current: FakeObject | undefined,
  config: FakeObject,
  w: OwnershipWrite & { force: boolean },
): FakeObject {
  const list = owners(current);
  const applied = leafFields(config, w.scope);
  const live = current ? leafFields(current, w.scope) : new Map<string, string>();
  const mine = list.find((o) => o.manager === w.manager && o.operation === 'Apply' && o.subresource === w.subresource);
  const conflicts = new Map<Owner, string[]>();
  for (const o of list) {
    if (o === mine) continue;
    for (const [p, v] of applied) {
      if (o.fields.has(p) && live.get(p) !== v) conflicts.set(o, [...(conflicts.get(o) ?? []), p]);
    }
  }
  if (conflicts.size > 0 && !w.force) throw conflictError(conflicts);
  for (const [o, paths] of conflicts) for (const p of paths) o.fields.delete(p);
  const next = structuredClone(current ?? {}) as FakeObject;
  for (const p of mine?.fields ?? []) {
    if (applied.has(p) || list.some((o) => o !== mine && o.fields.has(p))) continue;
    removePath(next, p);
  }
  mergeInto(next, config);
  const entry = entryFor(list, w.manager, 'Apply', w.subresource, w.apiVersion);
  entry.fields = new Set(applied.keys());
  entry.time = w.time;
  write(next, list);
  return next;
}

function conflictError(conflicts: Map<Owner, string[]>): FakeApiError {
  const causes: StatusCause[] = [];
  const parts: string[] = [];
  let total = 0;
  for (const [o, paths] of conflicts) {
    const who = `"${o.manager}"${o.operation === 'Update' ? ` using ${o.apiVersion}` : ''}`;
    const sorted = [...paths].sort();
    total += sorted.length;
    for (const p of sorted) causes.push({ reason: 'FieldManagerConflict', message: `conflict with ${who}`, field: p });
    parts.push(
      sorted.length === 1
        ? `conflict with ${who}: ${sorted[0]}`
        : `conflicts with ${who}:\n${sorted.map((p) => `- ${p}`).join('\n')}`,
    );
  }
  const message = `Apply failed with ${total} conflict${total === 1 ? '' : 's'}: ${parts.join('\n')}`;
  return new FakeApiError('Conflict', message, { causes });
}

function removePath(obj: FakeObject, path: string): void {
  const keys = path.slice(1).split('.');
  const stack: Array<Record<string, unknown>> = [];
  let cur: unknown = obj;
  for (const k of keys.slice(0, -1)) {
    if (!isMap(cur)) return;
    stack.push(cur);
    cur = cur[k];
  }
  if (!isMap(cur)) return;
  delete cur[keys.at(-1) as string];
  // Drop maps the removal left empty (as the real server does for fields nobody owns).
  for (let i = keys.length - 2; i >= 0; i--) {
    const parent = stack[i] as Record<string, unknown>;
    const child = parent[keys[i] as string];
    if (isMap(child) && Object.keys(child).length === 0) delete parent[keys[i] as string];
    else break;
  }
}

function mergeInto(target: Record<string, unknown>, config: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(config)) {
    if (isMap(v) && isMap(target[k])) mergeInto(target[k] as Record<string, unknown>, v);
    else target[k] = structuredClone(v);
  }
}
