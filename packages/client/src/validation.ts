import { dns1123LabelErrors, dns1123SubdomainErrors, InvalidInputError } from '@kubekit/core';
import { goQuote, pathSegmentNameErrors } from '@kubekit/core/internal';

/**
 * Checks `value` by one of core's name rules: a non-empty string the rule finds nothing wrong with.
 * Throws `InvalidInputError` on `field`, worded as kube-apiserver words the refusal
 * (`Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of ...`).
 */
function checkName(value: unknown, field: string, rule: (value: string) => string[]): string {
  if (typeof value !== 'string' || value === '') throw new InvalidInputError(field, 'is required');
  const problems = rule(value);
  if (problems.length > 0)
    throw new InvalidInputError(field, `Invalid value: ${goQuote(value)}: ${problems.join('; ')}`);
  return value;
}

/**
 * Checks an object name: a DNS-1123 subdomain (lower-case alphanumerics, `-` and `.`, at most 253
 * characters, starting and ending alphanumeric), which is what most kinds require. Throws
 * `InvalidInputError` naming `field`.
 */
export function validateName(name: unknown, field = 'metadata.name'): string {
  return checkName(name, field, dns1123SubdomainErrors);
}

/** Checks a namespace name: a DNS-1123 label (at most 63 characters, no dots). */
export function validateNamespace(namespace: unknown, field = 'namespace'): string {
  return checkName(namespace, field, dns1123LabelErrors);
}

/** What a request path segment the client writes unescaped may not hold beyond the name rule. */
const URL_DELIMITERS = ['?', '#'];

/**
 * Checks a path segment the client builds a URL from unescaped (subresource names): a path-segment
 * name (no `.`, `..`, `/` or `%`) without `?` or `#`. Throws `InvalidInputError` on `field`.
 */
export function validatePathSegment(value: string, field: string): string {
  return checkName(value, field, (v) => [
    ...pathSegmentNameErrors(v),
    ...URL_DELIMITERS.filter((c) => v.includes(c)).map((c) => `may not contain '${c}'`),
  ]);
}

/** Groups whose object names are path segments, not DNS-1123 subdomains (e.g. `system:controller`). */
const PATH_SEGMENT_NAME_GROUPS = new Set(['rbac.authorization.k8s.io']);

/**
 * Checks the name of an object of a kind in `group`: a DNS-1123 subdomain for most groups, a path
 * segment for RBAC (whose names hold `:`). Throws `InvalidInputError` on `metadata.name`.
 */
export function validateObjectName(group: string, name: unknown): string {
  return checkName(
    name,
    'metadata.name',
    PATH_SEGMENT_NAME_GROUPS.has(group) ? pathSegmentNameErrors : dns1123SubdomainErrors,
  );
}

/** What {@link resolveNamespace} checks a call's namespace against. */
export interface NamespaceRequest {
  /** The kind's scope. */
  scope: 'Namespaced' | 'Cluster';
  /** The kind's name, for messages. */
  kind: string;
  /** The namespace the caller passed in the options. */
  given: string | undefined;
  /** The object's `metadata.namespace`, for writes of an object. */
  fromObject: string | undefined;
  /** The namespace of a namespaced view, used when neither is given. */
  fallback: string | undefined;
  /**
   * The client's default namespace (its kubeconfig context's), used last, and only when a namespace
   * is `required`: a list or watch without one still spans all namespaces.
   */
  defaultNamespace?: string | undefined;
  /** Whether a namespaced kind needs one (a get or write does; a list or watch does not). */
  required: boolean;
}

/**
 * The namespace a call is made in: none for a cluster-scoped kind (giving one is an error), else
 * the given one, the object's or the view's (the given one and the object's must agree), else, when
 * the call needs one, the client's default namespace. It must be a DNS-1123 label. Throws
 * `InvalidInputError` on `namespace`.
 */
export function resolveNamespace(r: NamespaceRequest): string | undefined {
  if (r.scope === 'Cluster') {
    const stray = r.given || r.fromObject;
    if (stray) {
      throw new InvalidInputError(
        'namespace',
        `${r.kind} is cluster-scoped; no namespace may be given (got "${stray}")`,
      );
    }
    return undefined;
  }
  if (r.given && r.fromObject && r.given !== r.fromObject) {
    throw new InvalidInputError(
      'namespace',
      `"${r.given}" differs from the object's metadata.namespace "${r.fromObject}"`,
    );
  }
  const namespace = r.given || r.fromObject || r.fallback || (r.required ? r.defaultNamespace : undefined);
  if (!namespace) {
    if (r.required) throw new InvalidInputError('namespace', `is required for the namespaced kind ${r.kind}`);
    return undefined;
  }
  return validateNamespace(namespace);
}

/** Checks an optional count option (`limit`, `timeoutSeconds`): a positive integer or undefined. */
export function validatePositive(value: number | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value <= 0) {
    throw new InvalidInputError(field, `must be a positive integer, got ${value}`);
  }
  return value;
}

/** Checks that an object to create names itself: `metadata.name` or `metadata.generateName`. */
export function validateCreateName(obj: { metadata?: { name?: string; generateName?: string } }): void {
  if (!obj.metadata?.name && !obj.metadata?.generateName) {
    throw new InvalidInputError('metadata.name', 'is required (or metadata.generateName)');
  }
}

/** Checks that an update is conditional (`metadata.resourceVersion`) unless `unconditional` says otherwise. */
export function validateUpdateVersion(
  obj: { metadata?: { resourceVersion?: string } },
  unconditional: boolean | undefined,
): void {
  if (!obj.metadata?.resourceVersion && !unconditional) {
    throw new InvalidInputError(
      'metadata.resourceVersion',
      'is required for an update (read the object first), or pass { unconditional: true }',
    );
  }
}

/**
 * Checks a patch: a known `type` with its body (`patch` or `object` an object, `operations` an
 * array), and `force` only with server-side apply.
 */
export function validatePatch(patch: unknown, force: boolean | undefined): void {
  const types = ['merge', 'json', 'strategic', 'apply'];
  validateObject(patch, 'patch');
  const p = patch as { type?: unknown; patch?: unknown; object?: unknown; operations?: unknown };
  if (!types.includes(p.type as string)) {
    throw new InvalidInputError('patch.type', 'must be one of merge, json, strategic, apply');
  }
  if (p.type === 'json') {
    if (!Array.isArray(p.operations)) {
      throw new InvalidInputError('patch.operations', `must be an array, got ${describe(p.operations)}`);
    }
  } else if (p.type === 'apply') {
    validateObject(p.object, 'patch.object');
  } else {
    validateObject(p.patch, 'patch.patch');
  }
  if (force && p.type !== 'apply') {
    throw new InvalidInputError('force', 'only applies to server-side apply patches');
  }
}

/**
 * Where a patch's body sits in the caller's input, for the paths of {@link serializeJson}'s errors:
 * the object's own paths for server-side apply, else below `patch.patch` or `patch.operations`.
 */
export function patchBodyField(type: 'merge' | 'json' | 'strategic' | 'apply'): string {
  return type === 'apply' ? '' : type === 'json' ? 'patch.operations' : 'patch.patch';
}

/** Checks the object of a server-side apply: it must name itself. */
export function validateApplyName(obj: { metadata?: { name?: string } }): string {
  const name = obj.metadata?.name;
  if (!name) throw new InvalidInputError('metadata.name', 'is required to apply an object');
  return name;
}

/** What a value is, for messages: `null`, `an array`, `a string`, ... */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'undefined' ? 'undefined' : `a ${type}`;
}

/**
 * Checks that `value` is a plain JSON object (not `null`, an array or a primitive), as every object
 * written is. Throws `InvalidInputError` on `field`.
 */
export function validateObject(value: unknown, field = 'object'): asserts value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(field, `must be an object, got ${describe(value)}`);
  }
}

/** Thrown by the replacer of {@link serializeJson} to stop at a value JSON cannot carry. */
const NOT_JSON = Symbol('kubekit.notJson');

/** Stops `JSON.stringify` at the values it would drop silently (symbols) or throw on (BigInt). */
function refuseNonJson(_key: string, value: unknown): unknown {
  const type = typeof value;
  if (type === 'bigint' || type === 'symbol') throw NOT_JSON;
  return value;
}

/** `field` extended by one key: `.key`, `[3]`, or `["app.kubernetes.io/name"]` for keys that are not plain. */
function childPath(field: string, key: string | number): string {
  if (typeof key === 'number') return `${field}[${key}]`;
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return field ? `${field}.${key}` : key;
  return `${field}[${JSON.stringify(key)}]`;
}

/** Where a value JSON cannot carry sits, and what it is. */
interface NonJson {
  readonly field: string;
  readonly problem: string;
}

/**
 * The first place in `value` that JSON cannot carry: a BigInt, a Symbol, or a reference back to an
 * object that contains it (a cycle). Walked only after serialisation failed.
 */
function findNonJson(value: unknown, field: string, open: Map<object, string>): NonJson | undefined {
  if (typeof value === 'bigint') return { field, problem: 'BigInt values cannot be sent as JSON' };
  if (typeof value === 'symbol') return { field, problem: 'Symbol values cannot be sent as JSON' };
  if (typeof value !== 'object' || value === null) return undefined;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return findNonJson(toJSON.call(value), field, open);
  const seen = open.get(value);
  if (seen !== undefined) {
    const target = seen === '' ? 'the object itself' : seen;
    return { field, problem: `refers back to ${target}; an object with a cycle cannot be sent as JSON` };
  }
  open.set(value, field);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const found = findNonJson(value[i], childPath(field, i), open);
        if (found) return found;
      }
    } else {
      for (const [key, child] of Object.entries(value)) {
        const found = findNonJson(child, childPath(field, key), open);
        if (found) return found;
      }
    }
    return undefined;
  } finally {
    open.delete(value);
  }
}

/**
 * A request body as JSON text. A value JSON cannot carry — a BigInt, a Symbol (which
 * `JSON.stringify` would drop silently), a cycle — throws an `InvalidInputError` whose `field` is
 * its path below `field` (`spec.size`, `data["a.b"]`, `items[2]`), so nothing is sent half-done.
 * The check is part of the one `JSON.stringify` pass; the path is looked for only after it failed.
 */
export function serializeJson(value: unknown, field = ''): string {
  try {
    return JSON.stringify(value, refuseNonJson);
  } catch (cause) {
    const found = findNonJson(value, field, new Map());
    if (!found) throw cause;
    throw new InvalidInputError(found.field || 'object', found.problem, cause === NOT_JSON ? {} : { cause });
  }
}

/**
 * Checks a kind argument: a kind descriptor or `{ apiVersion, kind }` whose fields, when given, are
 * strings (a string argument is a resource name, resolved by discovery). Throws `InvalidInputError`
 * on `kind` or `apiVersion`.
 */
export function validateKindRef(ref: unknown): void {
  if (typeof ref === 'string') return;
  if (typeof ref !== 'object' || ref === null) {
    throw new InvalidInputError('kind', `must be a kind descriptor or { apiVersion, kind }, got ${describe(ref)}`);
  }
  const { apiVersion, kind } = ref as { apiVersion?: unknown; kind?: unknown };
  if (apiVersion !== undefined && typeof apiVersion !== 'string') {
    throw new InvalidInputError('apiVersion', `must be a string, got ${describe(apiVersion)}`);
  }
  if (kind !== undefined && typeof kind !== 'string') {
    throw new InvalidInputError('kind', `must be a string, got ${describe(kind)}`);
  }
}

/**
 * Checks the options of a delete or deleteAllOf that go into the `DeleteOptions` body:
 * `gracePeriodSeconds` an integer, `propagationPolicy` a string, `preconditions` strings. Throws
 * `InvalidInputError` on `options.<field>`.
 */
export function validateDeleteOptions(options: {
  gracePeriodSeconds?: unknown;
  propagationPolicy?: unknown;
  preconditions?: unknown;
}): void {
  const { gracePeriodSeconds, propagationPolicy, preconditions } = options;
  if (gracePeriodSeconds !== undefined && !Number.isInteger(gracePeriodSeconds)) {
    throw new InvalidInputError(
      'options.gracePeriodSeconds',
      `must be an integer, got ${typeof gracePeriodSeconds === 'number' ? gracePeriodSeconds : describe(gracePeriodSeconds)}`,
    );
  }
  if (propagationPolicy !== undefined && typeof propagationPolicy !== 'string') {
    throw new InvalidInputError('options.propagationPolicy', `must be a string, got ${describe(propagationPolicy)}`);
  }
  if (preconditions === undefined) return;
  validateObject(preconditions, 'options.preconditions');
  for (const key of ['uid', 'resourceVersion'] as const) {
    const value = (preconditions as Record<string, unknown>)[key];
    if (value !== undefined && typeof value !== 'string') {
      throw new InvalidInputError(`options.preconditions.${key}`, `must be a string, got ${describe(value)}`);
    }
  }
}
