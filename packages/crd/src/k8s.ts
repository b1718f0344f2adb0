import type { ValidationRule } from '@kubekit/core';
import { z } from 'zod';

/*
 * Kubernetes schema extensions live in zod metadata under the very keys the API server reads, so
 * `z.toJSONSchema()` carries them into the generated schema and `toStructuralSchema()` checks them.
 */

function withMeta<S extends z.ZodType>(schema: S, extra: Record<string, unknown>): S {
  return schema.meta({ ...(schema.meta() ?? {}), ...extra }) as S;
}

/**
 * Adds CEL validation rules (`x-kubernetes-validations`) to a schema, after any it already has.
 * A string is a rule without a message. Rules that mention `oldSelf` are transition rules: they run
 * on updates only (unless `optionalOldSelf`).
 *
 * @example k8s.validate(z.string(), { rule: 'self == oldSelf', message: 'is immutable' })
 */
function validate<S extends z.ZodType>(schema: S, ...rules: Array<ValidationRule | string>): S {
  const existing = (schema.meta()?.['x-kubernetes-validations'] as ValidationRule[] | undefined) ?? [];
  const added = rules.map((r) => (typeof r === 'string' ? { rule: r } : r));
  return withMeta(schema, { 'x-kubernetes-validations': [...existing, ...added] });
}

/** An integer or a string (`x-kubernetes-int-or-string`), e.g. a port name or number, or `"50%"`. */
function intOrString(): z.ZodUnion<readonly [z.ZodNumber, z.ZodString]> {
  return z.union([z.number().int(), z.string()]).meta({ 'x-kubernetes-int-or-string': true });
}

/**
 * Keeps fields the schema does not declare (`x-kubernetes-preserve-unknown-fields`). Without an
 * argument: any JSON value. With an object schema: its fields, and any others kept as given.
 */
function preserveUnknownFields(): z.ZodType<unknown>;
function preserveUnknownFields<S extends z.ZodObject>(schema: S): S;
function preserveUnknownFields(schema?: z.ZodObject): z.ZodType {
  if (!schema) return z.unknown().meta({ 'x-kubernetes-preserve-unknown-fields': true });
  return withMeta(z.looseObject(schema.shape), { ...(schema.meta() ?? {}) });
}

/**
 * How server-side apply merges a list (`x-kubernetes-list-type`): `atomic` (replace whole),
 * `set` (scalars, unique), or `map` (objects keyed by `keys`, unique per key).
 */
function listType<S extends z.ZodArray>(schema: S, type: 'atomic' | 'set'): S;
function listType<S extends z.ZodArray>(schema: S, type: 'map', keys: readonly string[]): S;
function listType<S extends z.ZodArray>(schema: S, type: 'atomic' | 'set' | 'map', keys?: readonly string[]): S {
  const extra: Record<string, unknown> = { 'x-kubernetes-list-type': type };
  if (type === 'map') extra['x-kubernetes-list-map-keys'] = [...(keys ?? [])];
  return withMeta(schema, extra);
}

/** How server-side apply merges an object or map (`x-kubernetes-map-type`). */
function mapType<S extends z.ZodType>(schema: S, type: 'atomic' | 'granular'): S {
  return withMeta(schema, { 'x-kubernetes-map-type': type });
}

/** Marks an object as a whole embedded Kubernetes object (`x-kubernetes-embedded-resource`). */
function embeddedResource<S extends z.ZodObject>(schema: S): S {
  return withMeta(schema, { 'x-kubernetes-embedded-resource': true });
}

/**
 * Helpers that add Kubernetes schema extensions to zod schemas. Each returns a new schema; the
 * extension is kept in zod metadata.
 */
export const k8s = {
  /**
   * Adds CEL rules (`x-kubernetes-validations`); rules that mention `oldSelf` run on updates only, e.g.
   * `k8s.validate(z.string(), { rule: 'self == oldSelf', message: 'is immutable' })`.
   */
  validate,
  /** An integer or a string (`x-kubernetes-int-or-string`), e.g. a port name or number, or `"50%"`. */
  intOrString,
  /**
   * Keeps fields the schema does not declare (`x-kubernetes-preserve-unknown-fields`): any JSON value, or an object
   * schema plus any other fields.
   */
  preserveUnknownFields,
  /** How server-side apply merges a list (`x-kubernetes-list-type`): `atomic`, `set`, or `map` keyed by `keys`. */
  listType,
  /** How server-side apply merges an object or map (`x-kubernetes-map-type`): `atomic` or `granular`. */
  mapType,
  /** Marks an object as a whole embedded Kubernetes object (`x-kubernetes-embedded-resource`). */
  embeddedResource,
} as const;
