import { findReason, parseFieldSelector, parseLabelSelector } from '@kubekit/core';
import { fieldValueOf } from '@kubekit/core/internal';
import { FakeApiError } from './apiError.js';
import type { ResourceType } from './resourceRegistry.js';
import type { FakeObject } from './types.js';

/** The label and field selectors of a list or watch, parsed. */
export interface ObjectSelector {
  /** Whether they select every object (no requirement; the server then counts `remainingItemCount`). */
  readonly empty: boolean;
  /** Whether an object is selected. */
  matches(obj: FakeObject): boolean;
}

/**
 * The test a list or watch of a kind applies, from its `labelSelector` and `fieldSelector`
 * parameters, checked in the server's order: the label selector's syntax, the field selector's, then
 * the fields the kind supports (see {@link ResourceType.fieldSelectors}). Parsing and matching are
 * core's, which are kube-apiserver's.
 * @throws {@link FakeApiError} `BadRequest` with the server's message.
 */
export function objectSelector(type: ResourceType, labelSelector?: string, fieldSelector?: string): ObjectSelector {
  const labels = asEngineError(() => parseLabelSelector(labelSelector));
  const fields = asEngineError(() => parseFieldSelector(fieldSelector));
  for (const r of fields.requirements) checkFieldLabel(type, r.field);
  if (labels.empty && fields.empty) return { empty: true, matches: () => true };
  return {
    empty: false,
    matches: (obj) =>
      labels.matches(obj.metadata?.labels) && fields.matches((field) => selectedValue(type, obj, field)),
  };
}

/** The value of a field label of an object, as the kind selects on it. */
function selectedValue(type: ResourceType, obj: FakeObject, field: string): string {
  const derive = type.fieldValues && Object.hasOwn(type.fieldValues, field) ? type.fieldValues[field] : undefined;
  return derive ? derive(obj) : fieldValueOf(obj, field);
}

/** Core's `BadRequestError` as the engine's error, message kept. */
function asEngineError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    const bad = findReason(err, 'BadRequest');
    if (bad) throw FakeApiError.badRequest(bad.status.message ?? bad.message);
    throw err;
  }
}

const DEFAULT_FIELD_LABELS = new Set(['metadata.name', 'metadata.namespace']);

/** Refuses a field label the kind does not support, in the words kube-apiserver uses for that kind. */
function checkFieldLabel(type: ResourceType, label: string): void {
  if (type.fieldSelectors === undefined) {
    if (DEFAULT_FIELD_LABELS.has(label)) return;
    throw FakeApiError.badRequest(
      `${JSON.stringify(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
    );
  }
  if (label === 'metadata.name' || (type.namespaced && label === 'metadata.namespace')) return;
  if (type.fieldSelectors.includes(label)) return;
  throw FakeApiError.badRequest(type.fieldLabelError?.(label) ?? `field label not supported: ${label}`);
}
