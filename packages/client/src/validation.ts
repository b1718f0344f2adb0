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
