import { dns1123LabelErrors, dns1123SubdomainErrors, labelKeyErrors, labelValueErrors } from '@kubekit/core';
import { pathSegmentNameErrors } from '@kubekit/core/internal';
import type { StatusCause } from './apiError.js';
import { forbidden, index, invalid, required, tooLong } from './fieldErrors.js';
import type { FakeObject } from './types.js';

/**
 * The checks every kind's `metadata` gets on the real server (apimachinery's ObjectMeta
 * validation): the name by the kind's rule, generateName, labels, annotations, owner references
 * and finalizers, worded as the real server words them. The name, label and key rules are core's
 * (`@kubekit/core`'s names module); this file only says which applies where.
 */

/** How a kind's object names are checked. */
export type NameRule = 'subdomain' | 'label' | 'pathSegment';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** The problems of a name under a rule; `prefix` for a generateName (a trailing `-` is fine). */
export function nameProblems(rule: NameRule, name: string, prefix = false): string[] {
  const value = prefix && rule !== 'pathSegment' && name.endsWith('-') ? `${name.slice(0, -1)}a` : name;
  switch (rule) {
    case 'label':
      return dns1123LabelErrors(value);
    case 'pathSegment':
      return pathSegmentNameErrors(value);
    default:
      return dns1123SubdomainErrors(value);
  }
}

/** Label problems of a map at `field` (`metadata.labels`, `spec.selector.matchLabels`...). */
export function validateLabels(labels: unknown, field: string): StatusCause[] {
  if (typeof labels !== 'object' || labels === null) return [];
  const causes: StatusCause[] = [];
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    for (const m of labelKeyErrors(k)) causes.push(invalid(field, k, m));
    if (typeof v === 'string') for (const m of labelValueErrors(v)) causes.push(invalid(field, v, m));
  }
  return causes;
}

const ANNOTATIONS_LIMIT = 256 * 1024;

/**
 * The metadata problems of an object about to be stored (after its name is known): name,
 * generateName, namespace, labels, annotations, ownerReferences, finalizers — in the real
 * server's order.
 */
export function validateObjectMeta(obj: FakeObject, rule: NameRule, namespaced: boolean): StatusCause[] {
  const meta = obj.metadata ?? {};
  const causes: StatusCause[] = [];
  if (meta.generateName) {
    for (const m of nameProblems(rule, meta.generateName, true))
      causes.push(invalid('metadata.generateName', meta.generateName, m));
  }
  if (!meta.name) {
    causes.push(required('metadata.name', 'name or generateName is required'));
  } else {
    for (const m of nameProblems(rule, meta.name)) causes.push(invalid('metadata.name', meta.name, m));
  }
  if (!namespaced && meta.namespace) causes.push(forbidden('metadata.namespace', 'not allowed on this type'));
  causes.push(...validateLabels(meta.labels, 'metadata.labels'));
  const annotations = (meta.annotations ?? {}) as Record<string, string>;
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    for (const m of labelKeyErrors(k.toLowerCase())) causes.push(invalid('metadata.annotations', k, m));
    size += bytes(k) + bytes(String(v));
  }
  if (size > ANNOTATIONS_LIMIT) causes.push(tooLong('metadata.annotations', ANNOTATIONS_LIMIT));
  (meta.ownerReferences ?? []).forEach((ref, i) => {
    const at = index('metadata.ownerReferences', i);
    if (!ref.apiVersion) causes.push(required(`${at}.apiVersion`, 'must not be empty'));
    if (!ref.kind) causes.push(required(`${at}.kind`, 'must not be empty'));
    if (!ref.name) causes.push(required(`${at}.name`, 'must not be empty'));
    if (!ref.uid) causes.push(required(`${at}.uid`, 'must not be empty'));
  });
  for (const f of meta.finalizers ?? []) {
    for (const m of labelKeyErrors(f)) causes.push(invalid('metadata.finalizers', f, m));
  }
  return causes;
}
