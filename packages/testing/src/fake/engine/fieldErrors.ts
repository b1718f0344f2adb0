import type { StatusCause } from './apiError.js';

/**
 * Field errors as the real server words them in an `Invalid` Status: one {@link StatusCause} per
 * problem, its message the error body (`Required value`, `Invalid value: "x": why`) and its field
 * the path (`spec.containers[0].image`).
 */

/** How a bad value is shown: strings quoted, numbers and booleans bare, anything else as JSON. */
export function showValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value ?? null);
}

const withDetail = (body: string, detail: string | undefined) => (detail ? `${body}: ${detail}` : body);

/** `Required value[: detail]` */
export function required(field: string, detail?: string): StatusCause {
  return { reason: 'FieldValueRequired', message: withDetail('Required value', detail), field };
}

/** `Invalid value: <value>: detail` */
export function invalid(field: string, value: unknown, detail: string): StatusCause {
  return { reason: 'FieldValueInvalid', message: withDetail(`Invalid value: ${showValue(value)}`, detail), field };
}

/** `Unsupported value: <value>: supported values: "a", "b"` */
export function notSupported(field: string, value: unknown, supported: readonly string[]): StatusCause {
  const detail = supported.length > 0 ? `supported values: ${supported.map((v) => JSON.stringify(v)).join(', ')}` : '';
  return {
    reason: 'FieldValueNotSupported',
    message: withDetail(`Unsupported value: ${showValue(value)}`, detail),
    field,
  };
}

/** `Duplicate value: <value>` */
export function duplicate(field: string, value: unknown): StatusCause {
  return { reason: 'FieldValueDuplicate', message: `Duplicate value: ${showValue(value)}`, field };
}

/** `Forbidden: detail` */
export function forbidden(field: string, detail: string): StatusCause {
  return { reason: 'FieldValueForbidden', message: withDetail('Forbidden', detail), field };
}

/** `Too long: may not be more than <n> bytes` */
export function tooLong(field: string, max: number): StatusCause {
  return {
    reason: 'FieldValueTooLong',
    message: `Too long: may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}`,
    field,
  };
}

/** A path below `base`: `child(base, 'spec')`, `index(base, 0)`, `key(base, 'a')`. */
export const child = (base: string, name: string): string => (base ? `${base}.${name}` : name);
/** `base[i]` */
export const index = (base: string, i: number): string => `${base}[${i}]`;
/** `base[key]` (map keys, as the real server shows them) */
export const key = (base: string, k: string): string => `${base}[${k}]`;
