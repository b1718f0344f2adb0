import type { Condition, ValidationRule } from '@kubekit/core';
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

/** `metav1.Condition`'s rules for `type`: CamelCase, optionally after a DNS subdomain and `/`. */
const CONDITION_TYPE =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$/;
/** `metav1.Condition`'s rule for `reason`: CamelCase-ish, starting with a letter. */
const CONDITION_REASON = /^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/;

/** The zod schema of a status condition (what {@link condition} returns). */
export type ConditionSchema = z.ZodType<Condition, Condition>;

/**
 * The schema of one status condition, `metav1.Condition`, with the validation the API server's
 * own types carry (type pattern and length, status enum, reason pattern, message length, RFC 3339
 * lastTransitionTime, observedGeneration >= 0). Its output type is core's `Condition`, so
 * `setCondition` of `@kubekit/core` works on what it parses.
 */
function condition(): ConditionSchema {
  return z.object({
    type: z
      .string()
      .max(316)
      .regex(CONDITION_TYPE)
      .describe('The condition type in CamelCase or foo.example.com/CamelCase.'),
    status: z.enum(['True', 'False', 'Unknown']).describe('True, False or Unknown.'),
    observedGeneration: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('The .metadata.generation the condition was set from.'),
    lastTransitionTime: z.iso.datetime({ offset: true }).describe('When the status last changed.'),
    reason: z.string().min(1).max(1024).regex(CONDITION_REASON).describe('Why, in CamelCase.'),
    message: z.string().max(32768).describe('Human-readable details.'),
  });
}

/**
 * The schema of a `conditions` list: {@link condition}s keyed by `type` (server-side apply list
 * type `map`), as Kubernetes declares `status.conditions`.
 * @example status: z.object({ conditions: k8s.conditions().optional() })
 */
function conditions(): z.ZodArray<ConditionSchema> {
  return listType(z.array(condition()), 'map', ['type']);
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
  /** One status condition, `metav1.Condition` (see {@link condition}). */
  condition,
  /** A `status.conditions` list keyed by `type` (see {@link conditions}). */
  conditions,
} as const;
