import type { StatusCause } from './apiError.js';

/** The part of an OpenAPI v3 (structural) schema the fake server understands. */
export interface StructuralSchema {
  type?: string;
  properties?: Record<string, StructuralSchema>;
  additionalProperties?: StructuralSchema | boolean;
  items?: StructuralSchema;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  nullable?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  [key: string]: unknown;
}

const typeName = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : Number.isInteger(v)
        ? 'integer'
        : typeof v === 'number'
          ? 'number'
          : typeof v;

function typeMatches(schema: StructuralSchema, v: unknown): boolean {
  if (schema['x-kubernetes-int-or-string']) return typeof v === 'string' || Number.isInteger(v);
  switch (schema.type) {
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    default:
      return true;
  }
}

/**
 * Applies schema defaults to missing fields and drops fields the schema does not know (unless it
 * preserves unknown fields), in place; `apiVersion`, `kind` and `metadata` at the root are kept.
 */
export function defaultAndPrune(value: unknown, schema: StructuralSchema, root = true): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    if (schema.items) for (const item of value) defaultAndPrune(item, schema.items, false);
    return;
  }
  const obj = value as Record<string, unknown>;
  const props = schema.properties;
  if (props) {
    for (const [key, sub] of Object.entries(props)) {
      if (obj[key] === undefined && sub.default !== undefined) obj[key] = structuredClone(sub.default);
      if (obj[key] !== undefined) defaultAndPrune(obj[key], sub, false);
    }
    if (!schema['x-kubernetes-preserve-unknown-fields'] && !schema.additionalProperties) {
      for (const key of Object.keys(obj)) {
        if (root && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) continue;
        if (!Object.hasOwn(props, key)) delete obj[key];
      }
    }
  } else if (typeof schema.additionalProperties === 'object') {
    for (const v of Object.values(obj)) defaultAndPrune(v, schema.additionalProperties, false);
  }
}

/** Validates a value against a structural schema; returns one cause per problem, with its field path. */
export function validateSchema(value: unknown, schema: StructuralSchema, path = ''): StatusCause[] {
  const causes: StatusCause[] = [];
  const field = path || '<nil>';
  const here = path || 'body';
  if (value === null || value === undefined) {
    if (value === null && !schema.nullable && schema.type) {
      causes.push({
        reason: 'FieldValueTypeInvalid',
        message: `Invalid value: "null": ${here} in body must be of type ${schema.type}: "null"`,
        field,
      });
    }
    return causes;
  }
  if (!typeMatches(schema, value)) {
    const t = typeName(value);
    causes.push({
      reason: 'FieldValueTypeInvalid',
      message: `Invalid value: "${t}": ${here} in body must be of type ${schema.type}: "${t}"`,
      field,
    });
    return causes;
  }
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    const supported = schema.enum.map((e) => JSON.stringify(e)).join(', ');
    causes.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported}`,
      field,
    });
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${value}: ${here} in body should be greater than or equal to ${schema.minimum}`,
        field,
      });
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${value}: ${here} in body should be less than or equal to ${schema.maximum}`,
        field,
      });
    }
  }
  if (typeof value === 'string') {
    if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      causes.push({
        reason: 'FieldValueTooLong',
        message: `Too long: may not be more than ${schema.maxLength} bytes`,
        field,
      });
    }
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(value)}: ${here} in body should be at least ${schema.minLength} chars long`,
        field,
      });
    }
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(value)}: ${here} in body should match '${schema.pattern}'`,
        field,
      });
    }
  }
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      causes.push({
        reason: 'FieldValueTooMany',
        message: `Too many: ${value.length}: must have at most ${schema.maxItems} items`,
        field,
      });
    }
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${value.length}: ${here} in body should have at least ${schema.minItems} items`,
        field,
      });
    }
    const items = schema.items;
    if (items) {
      value.forEach((item, i) => {
        causes.push(...validateSchema(item, items, `${path}[${i}]`));
      });
    }
    return causes;
  }
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const req of schema.required ?? []) {
      if (obj[req] === undefined) {
        causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: path ? `${path}.${req}` : req });
      }
    }
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if (path === '' && key === 'metadata') continue;
      causes.push(...validateSchema(obj[key], sub, path ? `${path}.${key}` : key));
    }
    if (typeof schema.additionalProperties === 'object') {
      for (const [key, v] of Object.entries(obj)) {
        causes.push(...validateSchema(v, schema.additionalProperties, path ? `${path}.${key}` : key));
      }
    }
  }
  return causes;
}
