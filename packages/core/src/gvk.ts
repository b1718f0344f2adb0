import { InvalidInputError } from './errors.js';

/** A kind, named the way objects name themselves: `{ apiVersion: 'apps/v1', kind: 'Deployment' }`. */
export interface GroupVersionKind {
  /** `group/version`, or just `version` for the core group (`v1`). */
  readonly apiVersion: string;
  /** The kind, e.g. `Deployment`. */
  readonly kind: string;
}

/** An apiVersion split into group (`''` for core) and version. */
export interface GroupVersion {
  /** The API group, e.g. `apps`; `''` for the core group (`v1`). */
  readonly group: string;
  /** The version, e.g. `v1`. */
  readonly version: string;
}

const VERSION = /^v\d+((alpha|beta)\d+)?$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Splits an apiVersion into group and version. Throws `InvalidInputError` (field `apiVersion`) when
 * it has no version (`apps/`), too many parts, or an empty group (`/v1`).
 */
export function parseApiVersion(apiVersion: string): GroupVersion {
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    throw new InvalidInputError('apiVersion', 'is required');
  }
  const parts = apiVersion.split('/');
  if (parts.length > 2) throw new InvalidInputError('apiVersion', `"${apiVersion}" has more than one "/"`);
  const [first = '', second] = parts;
  const group = second === undefined ? '' : first;
  const version = second === undefined ? first : second;
  if (second !== undefined && group === '') {
    throw new InvalidInputError('apiVersion', `"${apiVersion}" has an empty group (the core group is written "v1")`);
  }
  if (version === '') throw new InvalidInputError('apiVersion', `"${apiVersion}" has no version`);
  if (second === undefined && version.includes('.')) {
    throw new InvalidInputError('apiVersion', `"${apiVersion}" looks like a group without a version`);
  }
  if (!VERSION.test(version)) throw new InvalidInputError('apiVersion', `"${version}" is not a valid version`);
  return { group, version };
}

/** `group/version`, or `version` for the core group. */
export function formatApiVersion(gv: GroupVersion): string {
  return gv.group === '' ? gv.version : `${gv.group}/${gv.version}`;
}

/**
 * Checks that `ref` is an object whose `apiVersion` and `kind`, when present, are strings. Throws
 * `InvalidInputError` on `kind` or `apiVersion`.
 */
export function checkKindFields(ref: unknown): void {
  if (typeof ref !== 'object' || ref === null) {
    throw new InvalidInputError('kind', `must be a kind descriptor or { apiVersion, kind }, got ${describeValue(ref)}`);
  }
  const { apiVersion, kind } = ref as { apiVersion?: unknown; kind?: unknown };
  if (apiVersion !== undefined && typeof apiVersion !== 'string') {
    throw new InvalidInputError('apiVersion', `must be a string, got ${describeValue(apiVersion)}`);
  }
  if (kind !== undefined && typeof kind !== 'string') {
    throw new InvalidInputError('kind', `must be a string, got ${describeValue(kind)}`);
  }
}

/** `null`, `an array`, `undefined` or `a <typeof>`: how a bad input's value is named in a message. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'undefined' ? 'undefined' : `a ${type}`;
}

/** `Kind.apiVersion` (`Deployment.apps/v1`; `ConfigMap.v1` for core), a stable key for a kind. */
export function gvkKey(gvk: GroupVersionKind): string {
  checkKindFields(gvk);
  return `${gvk.kind}.${gvk.apiVersion}`;
}
