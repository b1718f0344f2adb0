import { InvalidInputError } from './errors.js';
import { checkKindFields, type GroupVersionKind } from './gvk.js';
import type { KubeObject } from './object.js';

/** The `{ apiVersion, kind }` of an object; throws `InvalidInputError` when either is missing. */
export function gvkOf(obj: KubeObject): GroupVersionKind {
  checkKindFields(obj);
  if (!obj.apiVersion) throw new InvalidInputError('apiVersion', 'the object has no apiVersion');
  if (!obj.kind) throw new InvalidInputError('kind', 'the object has no kind');
  return { apiVersion: obj.apiVersion, kind: obj.kind };
}

function pathOf(path: string | readonly string[]): readonly string[] {
  return typeof path === 'string' ? path.split('.') : path;
}

/**
 * The value at a dotted path (`'spec.template.spec'`) or a list of keys (for keys with dots, e.g.
 * `['metadata', 'labels', 'app.kubernetes.io/name']`); `undefined` when any step is missing.
 */
export function getNested(obj: unknown, path: string | readonly string[]): unknown {
  let at: unknown = obj;
  for (const key of pathOf(path)) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/**
 * Sets the value at a path, creating plain objects on the way; `undefined` removes the field.
 * Mutates `obj`. Throws `InvalidInputError` when a step on the way is not an object.
 */
export function setNested(obj: object, path: string | readonly string[], value: unknown): void {
  const keys = pathOf(path);
  let at = obj as Record<string, unknown>;
  keys.slice(0, -1).forEach((key, i) => {
    const next = at[key];
    if (next === undefined || next === null) at[key] = {};
    else if (typeof next !== 'object' || Array.isArray(next)) {
      throw new InvalidInputError(keys.slice(0, i + 1).join('.'), 'is not an object');
    }
    at = at[key] as Record<string, unknown>;
  });
  const last = keys[keys.length - 1];
  if (last === undefined) return;
  if (value === undefined) delete at[last];
  else at[last] = value;
}

/** The object's labels (an empty object when it has none). */
export function labelsOf(obj: KubeObject): Readonly<Record<string, string>> {
  return obj.metadata?.labels ?? {};
}

/** Sets one label (or removes it with `undefined`). Mutates `obj`. */
export function setLabel(obj: KubeObject, key: string, value: string | undefined): void {
  setNested(obj, ['metadata', 'labels', key], value);
}

/** Whether the object carries every label of `selector` with the same value. */
export function hasLabels(obj: KubeObject, selector: Readonly<Record<string, string>>): boolean {
  const labels = labelsOf(obj);
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
