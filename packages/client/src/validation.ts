import { InvalidInputError } from './errors.js';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function checkDns(value: unknown, field: string, maxLength: number, pattern: RegExp, what: string): string {
  if (typeof value !== 'string' || value === '') throw new InvalidInputError(field, 'is required');
  if (value.length > maxLength) throw new InvalidInputError(field, `"${value}" is longer than ${maxLength} characters`);
  if (!pattern.test(value)) throw new InvalidInputError(field, `"${value}" is not a ${what}`);
  return value;
}

/**
 * Checks an object name: a DNS-1123 subdomain (lower-case alphanumerics, `-` and `.`, at most 253
 * characters, starting and ending alphanumeric), which is what most kinds require. Throws
 * `InvalidInputError` naming `field`.
 */
export function validateName(name: unknown, field = 'metadata.name'): string {
  return checkDns(
    name,
    field,
    253,
    DNS1123_SUBDOMAIN,
    'DNS-1123 subdomain (lower-case letters, digits, "-" and ".", starting and ending with a letter or digit)',
  );
}

/** Checks a namespace name: a DNS-1123 label (at most 63 characters, no dots). */
export function validateNamespace(namespace: unknown, field = 'namespace'): string {
  return checkDns(
    namespace,
    field,
    63,
    DNS1123_LABEL,
    'DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit)',
  );
}

/** Checks a path segment the client builds a URL from (subresource names): no `/`, `..` or empty. */
export function validatePathSegment(value: string, field: string): string {
  if (value === '' || value === '.' || value === '..' || /[/%?#]/.test(value)) {
    throw new InvalidInputError(field, `"${value}" cannot be used in a request path`);
  }
  return value;
}

/** Groups whose object names are path segments, not DNS-1123 subdomains (e.g. `system:controller`). */
const PATH_SEGMENT_NAME_GROUPS = new Set(['rbac.authorization.k8s.io']);

/**
 * Checks the name of an object of a kind in `group`: a DNS-1123 subdomain for most groups, a path
 * segment for RBAC (whose names hold `:`). Throws `InvalidInputError` on `metadata.name`.
 */
export function validateObjectName(group: string, name: unknown): string {
  return PATH_SEGMENT_NAME_GROUPS.has(group)
    ? validatePathSegment(typeof name === 'string' ? name : '', 'metadata.name')
    : validateName(name, 'metadata.name');
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

/** Checks a patch: a known `type`, and `force` only with server-side apply. */
export function validatePatch(patch: { type?: unknown } | undefined, force: boolean | undefined): void {
  const types = ['merge', 'json', 'strategic', 'apply'];
  if (!patch || !types.includes(patch.type as string)) {
    throw new InvalidInputError('patch.type', 'must be one of merge, json, strategic, apply');
  }
  if (force && patch.type !== 'apply') {
    throw new InvalidInputError('force', 'only applies to server-side apply patches');
  }
}

/** Checks the object of a server-side apply: it must name itself. */
export function validateApplyName(obj: { metadata?: { name?: string } }): string {
  const name = obj.metadata?.name;
  if (!name) throw new InvalidInputError('metadata.name', 'is required to apply an object');
  return name;
}
