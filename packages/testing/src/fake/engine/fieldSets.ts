/**
 * Field sets, as server-side apply tracks them: the paths of an object's fields, where a list item
 * of a keyed list is named by its key (`k:{"name":"web"}`), an item of a set by its value
 * (`v:"x"`), and an atomic list is one field. Paths are written in the FieldsV1 element syntax
 * (`f:spec`, `k:{...}`, `v:...`) that `metadata.managedFields` uses.
 */

/** How a list merges: by the values of key fields, as a set of scalars, or as one value. */
export type ListType =
  | {
      /** Items are objects merged by the values of `keys`. */
      type: 'map';
      /** The fields that identify an item, e.g. `['name']` for containers. */
      keys: readonly string[];
    }
  | {
      /** Items are scalars, each owned on its own. */
      type: 'set';
    }
  | {
      /** The list is one value, owned and replaced whole. */
      type: 'atomic';
    };

/**
 * What server-side apply knows of a kind's fields, asked by field path (the field names from the
 * root, list items left out: `['spec', 'containers', 'ports']`).
 */
export interface FieldTypes {
  /** How the list at a path merges; `atomicItems` when its items are each one field (owner references). */
  list(fieldPath: readonly string[]): ListType & {
    /** Whether each item is one field, owned whole (owner references). */
    atomicItems?: boolean;
  };
  /** Whether the map at a path is one field, owned and replaced whole (a LabelSelector). */
  atomicMap(fieldPath: readonly string[]): boolean;
}

/** Every list atomic, every map granular: what a kind without schema information gets. */
export const UNTYPED_FIELDS: FieldTypes = { list: () => ({ type: 'atomic' }), atomicMap: () => false };

/** One field path: FieldsV1 elements from the root. */
export type FieldPath = readonly string[];

const SEP = '\u0000';
/** A path as a map key. */
export const pathKey = (p: FieldPath): string => p.join(SEP);
/** The path of a map key. */
export const keyPath = (k: string): FieldPath => (k === '' ? [] : k.split(SEP));

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The key element of a keyed-list item (`k:{"containerPort":80,"protocol":"TCP"}`), key fields by name. */
export function itemKey(item: unknown, keys: readonly string[]): string | undefined {
  if (!isObj(item)) return undefined;
  const fields: Obj = {};
  for (const k of [...keys].sort()) if (item[k] !== undefined) fields[k] = item[k];
  if (Object.keys(fields).length === 0) return undefined;
  return `k:${JSON.stringify(fields)}`;
}

/** The element of a list item: its key, its value in a set, or undefined in an atomic list. */
export function itemElement(item: unknown, listType: ListType): string | undefined {
  if (listType.type === 'map') return itemKey(item, listType.keys);
  if (listType.type === 'set') return `v:${JSON.stringify(item)}`;
  return undefined;
}

/** The names of the fields along a path (list elements left out), for a {@link ListTypeResolver}. */
export const fieldNames = (p: FieldPath): string[] => p.filter((e) => e.startsWith('f:')).map((e) => e.slice(2));

/**
 * The field set of a value: every path it sets, mapped to the JSON of what is there (scalars,
 * empty maps, atomic lists) or `''` for keyed and set items, which are fields themselves.
 * `skip` leaves a subtree out (identity fields, status or everything but status).
 */
export function fieldSetOf(
  value: unknown,
  types: FieldTypes,
  skip: (p: FieldPath) => boolean = () => false,
): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: unknown, path: string[]) => {
    if (path.length > 0 && skip(path)) return;
    if (isObj(v) && path.length > 0 && types.atomicMap(fieldNames(path))) {
      out.set(pathKey(path), JSON.stringify(v));
      return;
    }
    if (isObj(v)) {
      const entries = Object.entries(v);
      if (entries.length === 0 && path.length > 0) out.set(pathKey(path), '{}');
      for (const [k, child] of entries) walk(child, [...path, `f:${k}`]);
      return;
    }
    if (Array.isArray(v)) {
      const listType = types.list(fieldNames(path));
      const elements = v.map((item) => itemElement(item, listType));
      if (listType.type === 'atomic' || elements.some((e) => e === undefined)) {
        out.set(pathKey(path), JSON.stringify(v));
        return;
      }
      v.forEach((item, i) => {
        const itemPath = [...path, elements[i] as string];
        out.set(pathKey(itemPath), listType.atomicItems ? JSON.stringify(item) : '');
        if (listType.type === 'map' && !listType.atomicItems) walk(item, itemPath);
      });
      return;
    }
    if (path.length > 0) out.set(pathKey(path), JSON.stringify(v ?? null));
  };
  walk(value, []);
  return out;
}

/** FieldsV1 of a set of paths: a tree of elements, `.` marking a path that is a field and has fields below. */
export function toFieldsV1(paths: Iterable<string>): Obj {
  const root: Obj = {};
  const members = new Set(paths);
  for (const k of members) {
    let cur = root;
    for (const e of keyPath(k)) {
      cur[e] ??= {};
      cur = cur[e] as Obj;
    }
  }
  const mark = (node: Obj, prefix: string[]) => {
    for (const [e, child] of Object.entries(node)) {
      if (e === '.') continue;
      const p = [...prefix, e];
      const c = child as Obj;
      if (Object.keys(c).length > 0 && members.has(pathKey(p))) c['.'] = {};
      mark(c, p);
    }
  };
  mark(root, []);
  return sortTree(root);
}

function sortTree(node: Obj): Obj {
  const out: Obj = {};
  for (const k of Object.keys(node).sort()) out[k] = sortTree(node[k] as Obj);
  return out;
}

/** The paths of FieldsV1: its leaves, and every node marked with `.`. */
export function fromFieldsV1(f: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (node: unknown, path: string[]) => {
    if (!isObj(node)) return;
    const children = Object.keys(node).filter((k) => k !== '.');
    if (path.length > 0 && (children.length === 0 || Object.hasOwn(node, '.'))) out.add(pathKey(path));
    for (const k of children) walk(node[k], [...path, k]);
  };
  walk(f, []);
  return out;
}

/** The list item an element names, by index, or -1. */
function findItem(list: unknown[], element: string, types: FieldTypes, listPath: FieldPath): number {
  const listType = types.list(fieldNames(listPath));
  return list.findIndex((item) => itemElement(item, listType) === element);
}

/**
 * Removes the field at a path from an object, in place; maps the removal leaves empty go too
 * (as the real server drops fields nobody owns).
 */
export function removeField(obj: unknown, path: FieldPath, types: FieldTypes): void {
  const parents: Array<{ container: Obj | unknown[]; at: string | number }> = [];
  let cur: unknown = obj;
  for (let i = 0; i < path.length; i++) {
    const e = path[i] as string;
    let at: string | number;
    if (e.startsWith('f:')) {
      if (!isObj(cur)) return;
      at = e.slice(2);
      if (!Object.hasOwn(cur, at)) return;
    } else {
      if (!Array.isArray(cur)) return;
      at = findItem(cur, e, types, path.slice(0, i));
      if (at < 0) return;
    }
    parents.push({ container: cur as Obj | unknown[], at });
    cur = (cur as Record<string | number, unknown>)[at];
  }
  for (let i = parents.length - 1; i >= 0; i--) {
    const { container, at } = parents[i] as { container: Obj | unknown[]; at: string | number };
    if (i < parents.length - 1) {
      const child = (container as Record<string | number, unknown>)[at];
      const empty = isObj(child) && Object.keys(child).length === 0;
      if (!empty) break;
    }
    if (Array.isArray(container)) container.splice(at as number, 1);
    else delete container[at as string];
  }
}
