import { JsonTypeError } from '../engine/apiError.js';
import type { FieldTypes, ListType } from '../engine/fieldSets.js';
import { UNTYPED_FIELDS } from '../engine/fieldSets.js';
import type { StructuralSchema } from '../engine/validation.js';
import { DEFINITIONS, type FieldInfo, type FieldType, KIND_DEFINITIONS } from './kindSchemas.generated.js';

/**
 * What the real server knows of a built-in kind's fields, from its OpenAPI
 * (`kindSchemas.generated.ts`): which fields exist and their JSON types (unknown fields are
 * dropped or refused, a value of the wrong type is refused), how lists and maps merge in
 * server-side apply and strategic merge patch. Custom resources get the list and map types of
 * their CRD schema (`x-kubernetes-list-type`, `x-kubernetes-list-map-keys`, `x-kubernetes-map-type`).
 */

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** The field at a path below a definition (names only; list items walked through), or undefined. */
function fieldInfo(root: string, path: readonly string[]): FieldInfo | undefined {
  let def: string | undefined = root;
  let info: FieldInfo | undefined;
  for (const name of path) {
    if (def === undefined) return undefined;
    info = DEFINITIONS[def]?.[name];
    if (!info) return undefined;
    def = objectOf(info.y);
  }
  return info;
}

/** The definition of an object type, through lists and maps of it. */
function objectOf(t: FieldType): string | undefined {
  if (typeof t === 'string') return undefined;
  if ('o' in t) return t.o;
  if ('a' in t) return objectOf(t.a);
  return undefined;
}

function toListType(info: FieldInfo | undefined): ListType & { atomicItems?: boolean } {
  const l = info?.l;
  if (l === 'set') return { type: 'set' };
  if (l) return { type: 'map', keys: l, ...(info?.ia ? { atomicItems: true } : {}) };
  return { type: 'atomic' };
}

function definitionTypes(root: string): FieldTypes {
  return {
    list: (path) => toListType(fieldInfo(root, path)),
    atomicMap: (path) => fieldInfo(root, path)?.a === 1,
  };
}

/** The field types of a built-in kind (`apps/v1`, `Deployment`); untyped for a kind not in the table. */
export function builtinFieldTypes(apiVersion: string, kind: string): FieldTypes {
  const root = KIND_DEFINITIONS[`${apiVersion}/${kind}`];
  return root ? definitionTypes(root) : UNTYPED_FIELDS;
}

/** The strategic merge key of a list of a built-in kind: a key, `''` (a set of scalars), or undefined (replaced). */
export function builtinMergeKeys(apiVersion: string, kind: string): (path: readonly string[]) => string | undefined {
  const root = KIND_DEFINITIONS[`${apiVersion}/${kind}`];
  return (path) => (root ? fieldInfo(root, path)?.m : undefined);
}

/** The schema at a field path (list items walked through), or undefined. */
function schemaAt(schema: StructuralSchema | undefined, path: readonly string[]): StructuralSchema | undefined {
  let s = schema;
  for (const name of path) {
    while (s?.type === 'array') s = s.items;
    if (!s) return undefined;
    s = s.properties?.[name] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
  }
  return s;
}

/** The field types of a custom resource, from its schema; `metadata` as every object's. */
export function schemaFieldTypes(schema: StructuralSchema | undefined): FieldTypes {
  const meta = definitionTypes(OBJECT_META);
  return {
    list: (path) => {
      if (path[0] === 'metadata') return meta.list(path.slice(1));
      const s = schemaAt(schema, path);
      const type = s?.['x-kubernetes-list-type'];
      if (type === 'set') return { type: 'set' };
      const keys = s?.['x-kubernetes-list-map-keys'];
      if (type === 'map' && Array.isArray(keys)) return { type: 'map', keys: keys as string[] };
      return { type: 'atomic' };
    },
    atomicMap: (path) => {
      if (path[0] === 'metadata') return meta.atomicMap(path.slice(1));
      return schemaAt(schema, path)?.['x-kubernetes-map-type'] === 'atomic';
    },
  };
}

/** What decoding a body of a built-in kind found: the unknown fields (dropped), by path. */
export interface DecodeResult {
  unknownFields: string[];
}

const jsonTypeOf = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : typeof v === 'object'
        ? 'object'
        : typeof v === 'boolean'
          ? 'bool'
          : typeof v === 'number'
            ? 'number'
            : 'string';

/** The Go type name of a field type, as decode errors show it (`int32`, `v1.PodSpec`, `[]v1.Container`). */
function goTypeOf(t: FieldType): string {
  if (typeof t === 'string') {
    return {
      s: 'string',
      i32: 'int32',
      i64: 'int64',
      b: 'bool',
      f64: 'float64',
      q: 'resource.Quantity',
      ios: 'intstr.IntOrString',
      any: 'interface {}',
    }[t];
  }
  if ('o' in t) return t.o.split('.').slice(-2).join('.');
  if ('a' in t) return `[]${goTypeOf(t.a)}`;
  return `map[string]${goTypeOf(t.m)}`;
}

function typeMatches(t: FieldType, v: unknown): boolean {
  if (v === null || t === 'any') return true;
  if (typeof t !== 'string') {
    if ('a' in t) return Array.isArray(v);
    return typeof v === 'object' && !Array.isArray(v);
  }
  switch (t) {
    case 's':
      return typeof v === 'string';
    case 'b':
      return typeof v === 'boolean';
    case 'i32':
    case 'i64':
      return Number.isInteger(v);
    case 'f64':
      return typeof v === 'number';
    default:
      return typeof v === 'string' || typeof v === 'number';
  }
}

/**
 * Decodes a body of a built-in kind as the real server does: fields the kind does not have are
 * dropped and returned (the real server warns, or refuses them with `fieldValidation=Strict`);
 * a value of the wrong JSON type throws a {@link JsonTypeError} worded as Go's decoder words it.
 * `metadata` is walked like the rest; apiVersion and kind are known everywhere.
 */
export function decodeBuiltin(apiVersion: string, kind: string, obj: Record<string, unknown>): DecodeResult {
  const root = KIND_DEFINITIONS[`${apiVersion}/${kind}`];
  const unknownFields: string[] = [];
  if (!root) return { unknownFields };
  // `path` names list items by index (unknown-field messages); `goPath` does not (Go's type errors).
  const walk = (value: Record<string, unknown>, def: string, path: string, goPath: string) => {
    const fields = DEFINITIONS[def] ?? {};
    const struct = def.split('.').at(-1) as string;
    for (const [key, v] of Object.entries(value)) {
      if (path === '' && (key === 'apiVersion' || key === 'kind')) continue;
      const at = path ? `${path}.${key}` : key;
      const info = fields[key];
      if (!info) {
        unknownFields.push(at);
        delete value[key];
        continue;
      }
      check(info.y, v, at, goPath ? `${goPath}.${key}` : key, struct);
    }
  };
  const check = (t: FieldType, v: unknown, at: string, goPath: string, struct: string): void => {
    if (!typeMatches(t, v)) {
      throw new JsonTypeError(
        `json: cannot unmarshal ${jsonTypeOf(v)} into Go struct field ${struct}.${goPath} of type ${goTypeOf(t)}`,
      );
    }
    if (v === null || typeof t === 'string') return;
    if ('o' in t) walk(v as Record<string, unknown>, t.o, at, goPath);
    else if ('a' in t) {
      (v as unknown[]).forEach((item, i) => {
        check(t.a, item, `${at}[${i}]`, goPath, struct);
      });
    } else {
      for (const [k, item] of Object.entries(v as Record<string, unknown>))
        check(t.m, item, `${at}.${k}`, goPath, struct);
    }
  };
  walk(obj, root, '', '');
  return { unknownFields };
}
