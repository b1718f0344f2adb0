import { InvalidInputError } from './errors.js';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Checks an object name: a DNS-1123 subdomain (lower-case alphanumerics, `-` and `.`, at most 253
 * characters, starting and ending alphanumeric), which is what most kinds require. Throws
 * `InvalidInputError` naming `field`.
 */
export function validateName(name: unknown, field = 'metadata.name'): string {
  if (typeof name !== 'string' || name === '') throw new InvalidInputError(field, 'is required');
  if (name.length > 253) throw new InvalidInputError(field, `"${name}" is longer than 253 characters`);
  if (!DNS1123_SUBDOMAIN.test(name)) {
    throw new InvalidInputError(
      field,
      `"${name}" is not a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", starting and ending with a letter or digit)`,
    );
  }
  return name;
}

/** Checks a namespace name: a DNS-1123 label (at most 63 characters, no dots). */
export function validateNamespace(namespace: unknown, field = 'namespace'): string {
  if (typeof namespace !== 'string' || namespace === '') throw new InvalidInputError(field, 'is required');
  if (namespace.length > 63) throw new InvalidInputError(field, `"${namespace}" is longer than 63 characters`);
  if (!DNS1123_LABEL.test(namespace)) {
    throw new InvalidInputError(
      field,
      `"${namespace}" is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit)`,
    );
  }
  return namespace;
}

/** Checks a path segment the client builds a URL from (subresource names): no `/`, `..` or empty. */
export function validatePathSegment(value: string, field: string): string {
  if (value === '' || value === '.' || value === '..' || /[/%?#]/.test(value)) {
    throw new InvalidInputError(field, `"${value}" cannot be used in a request path`);
  }
  return value;
}
