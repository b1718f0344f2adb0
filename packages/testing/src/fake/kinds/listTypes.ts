import type { FieldTypes, ListType } from '../engine/fieldSets.js';
import { UNTYPED_FIELDS } from '../engine/fieldSets.js';
import type { StructuralSchema } from '../engine/validation.js';
import { KIND_DEFINITIONS, LIST_DEFINITIONS, type ListFieldInfo } from './listTypes.generated.js';

/**
 * How the lists and maps of a kind merge, for server-side apply (list type and map keys, atomic
 * maps) and strategic merge patch (merge key): built-in kinds from kube-apiserver's OpenAPI
 * (`listTypes.generated.ts`), custom resources from their CRD schema (`x-kubernetes-list-type`,
 * `x-kubernetes-list-map-keys`, `x-kubernetes-map-type`).
 */

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** The generated information of the field at a path below a definition, or undefined. */
function fieldInfo(root: string, path: readonly string[]): ListFieldInfo | undefined {
  let def: string | undefined = root;
  let info: ListFieldInfo | undefined;
  for (const name of path) {
    if (def === undefined) return undefined;
    info = LIST_DEFINITIONS[def]?.[name];
    if (!info) return undefined;
    def = info.t;
  }
  return info;
}

function toListType(info: ListFieldInfo | undefined): ListType & { atomicItems?: boolean } {
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
