import { FakeApiError, JsonTypeError } from './apiError.js';
import { invalid } from './fieldErrors.js';
import { apiVersionOf } from './objectRules.js';
import type { ResourceType } from './resourceRegistry.js';
import type { WriteOptions } from './storageOptions.js';
import type { FakeObject } from './types.js';

/**
 * Decoding a write's body as the real server's typed decoding does, for built-in kinds: unknown
 * fields, wrong JSON types, and what an apply configuration must be.
 */

/**
 * The typed decoding of a body, or of an object a patch produced, for kinds that have one
 * (built-ins): fields the kind does not have are dropped and warned about, or refused under
 * `fieldValidation=Strict`; a value of the wrong JSON type is refused. Worded as the real server
 * words each case: 400 for a body, 422 naming the patched object for a patch.
 */
export function decodeBody(
  type: ResourceType,
  version: string,
  obj: FakeObject,
  opts: WriteOptions,
  source: 'body' | 'patch',
): void {
  if (!type.decode) return;
  const directive = opts.fieldValidation ?? 'Warn';
  const patched = source === 'patch' ? sortedJson(obj) : '';
  const refuse = (why: string) =>
    source === 'body'
      ? FakeApiError.badRequest(`${type.kind} in version "${version}" cannot be handled as a ${type.kind}: ${why}`)
      : FakeApiError.invalid({ group: '', plural: '', kind: '' }, '', [invalid('patch', patched, why)]);
  let unknown: string[];
  try {
    unknown = type.decode(obj);
  } catch (err) {
    if (err instanceof JsonTypeError) throw refuse(err.message);
    throw err;
  }
  if (unknown.length === 0 || directive === 'Ignore') return;
  const messages = unknown.map((f) => `unknown field "${f}"`);
  if (directive === 'Strict') throw refuse(`strict decoding error: ${messages.join(', ')}`);
  for (const m of messages) opts.onWarning?.(m);
}

/**
 * What the real server checks of an apply configuration before it merges: a map of this kind and
 * version, no managedFields, and (built-ins) only fields the kind has.
 */
export function checkApplyConfiguration(type: ResourceType, version: string, config: unknown): void {
  checkApplyShape(type, version, config);
  checkApplyFields(type, version, config as FakeObject);
}

/** What the real server checks of an apply configuration before it merges: a map of this kind and version, no managedFields. */
function checkApplyShape(type: ResourceType, version: string, config: unknown): void {
  if (config !== null && config !== undefined && (typeof config !== 'object' || Array.isArray(config))) {
    const what = Array.isArray(config) ? 'array' : typeof config === 'boolean' ? 'bool' : typeof config;
    throw FakeApiError.badRequest(
      `error decoding patch: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${what} into Go value of type map[string]interface {}`,
    );
  }
  const obj = (config ?? {}) as FakeObject;
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  if (apiVersion !== apiVersionOf(type, version) || kind !== type.kind) {
    const parts = apiVersion.split('/');
    const gv = parts.length === 1 ? `/${apiVersion}` : parts.length === 2 ? apiVersion : '/';
    throw FakeApiError.badRequest(`invalid object type: ${gv}, Kind=${kind}`);
  }
  if (obj.metadata?.managedFields !== undefined) throw FakeApiError.badRequest('metadata.managedFields must be nil');
}

/**
 * An apply configuration must name only fields its kind has (built-ins): the real server fails
 * it with a 500 naming the first unknown field, before anything else.
 */
function checkApplyFields(type: ResourceType, version: string, config: FakeObject): void {
  if (!type.decode) return;
  const unknown = type.decode(structuredClone(config));
  if (unknown.length === 0) return;
  const meta = config.metadata ?? {};
  const gvk = `${type.group}/${version}, Kind=${type.kind}`;
  throw new FakeApiError(
    'Unknown',
    `failed to create typed patch object (${meta.namespace ?? ''}/${meta.name ?? ''}; ${gvk}): .${unknown[0]}: field not declared in schema`,
  );
}

/** JSON with the keys of every map sorted, as Go writes a decoded map. */
function sortedJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (typeof v !== 'object' || v === null) return v;
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
    );
  };
  return JSON.stringify(sort(value));
}
