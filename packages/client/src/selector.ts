import { InvalidInputError } from './errors.js';
import type { Selector } from './interfaces.js';

/** A selector in the string form the API server takes; pairs become `k=v,k2=v2`. */
export function selectorString(selector: Selector | undefined, field: string): string | undefined {
  if (selector === undefined) return undefined;
  if (typeof selector === 'string') return selector === '' ? undefined : selector;
  const parts = Object.entries(selector).map(([k, v]) => {
    if (k === '' || /[,=!]/.test(k) || /[,=!]/.test(v)) {
      throw new InvalidInputError(`${field}.${k}`, `"${k}=${v}" cannot be written as an equality selector`);
    }
    return `${k}=${v}`;
  });
  return parts.length === 0 ? undefined : parts.join(',');
}
