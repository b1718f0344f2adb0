import { FakeApiError } from './apiError.js';
import type { FakeObject } from './types.js';

/** One requirement of a label selector. */
export type LabelRequirement =
  | { op: 'exists' | 'notexists'; key: string }
  | { op: 'in' | 'notin'; key: string; values: string[] };

/** One requirement of a field selector (`=`/`==` or `!=`). */
export interface FieldRequirement {
  field: string;
  op: 'eq' | 'neq';
  value: string;
}

/** A parsed selector: a test of one object. */
export type ObjectMatcher = (obj: FakeObject) => boolean;

/**
 * Parses a label selector (`a=b,c!=d,e in (x,y),f notin (z),g,!h`).
 * @throws {@link FakeApiError} `BadRequest` naming what could not be parsed.
 */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  const reqs: LabelRequirement[] = [];
  for (const part of splitTopLevel(selector)) {
    const s = part.trim();
    if (s === '') continue;
    let m = /^!\s*([A-Za-z0-9./_-]+)$/.exec(s);
    if (m?.[1]) {
      reqs.push({ op: 'notexists', key: m[1] });
      continue;
    }
    m = /^([A-Za-z0-9./_-]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(s);
    if (m?.[1] && m[2] && m[3] !== undefined) {
      const values = m[3]
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      reqs.push({ op: m[2] as 'in' | 'notin', key: m[1], values });
      continue;
    }
    m = /^([A-Za-z0-9./_-]+)\s*(==|=|!=)\s*([A-Za-z0-9._-]*)$/.exec(s);
    if (m?.[1] && m[2]) {
      reqs.push({ op: m[2] === '!=' ? 'notin' : 'in', key: m[1], values: [m[3] ?? ''] });
      continue;
    }
    if (/^[A-Za-z0-9./_-]+$/.test(s)) {
      reqs.push({ op: 'exists', key: s });
      continue;
    }
    const inMissingParen = /^[A-Za-z0-9./_-]+\s+(in|notin)\s*$/.test(s);
    throw FakeApiError.badRequest(
      inMissingParen ? "unable to parse requirement: found '' expected: '('" : `unable to parse requirement: "${s}"`,
    );
  }
  return reqs;
}

/** True when the labels satisfy every requirement. */
export function matchesLabels(reqs: readonly LabelRequirement[], labels: Record<string, string> = {}): boolean {
  return reqs.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      case 'in':
        return has && r.values.includes(labels[r.key] as string);
      case 'notin':
        return !has || !r.values.includes(labels[r.key] as string);
      default:
        return false;
    }
  });
}

/**
 * Parses a field selector (`metadata.name=a,status.phase!=Running`); only `supported` fields may
 * be used, as on the real server.
 * @throws {@link FakeApiError} `BadRequest`: `field label not supported: <field>`.
 */
export function parseFieldSelector(selector: string, supported: ReadonlySet<string>): FieldRequirement[] {
  const reqs: FieldRequirement[] = [];
  for (const part of selector.split(',')) {
    const s = part.trim();
    if (s === '') continue;
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(s);
    if (!m?.[1] || !m[2]) throw FakeApiError.badRequest(`invalid selector: '${s}'; can't understand '${s}'`);
    if (!supported.has(m[1])) throw FakeApiError.badRequest(`field label not supported: ${m[1]}`);
    reqs.push({ field: m[1], op: m[2] === '!=' ? 'neq' : 'eq', value: m[3] ?? '' });
  }
  return reqs;
}

/** The value of a dotted field path as a string ('' when absent), as field selectors compare it. */
export function fieldValue(obj: FakeObject, path: string): string {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return '';
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur === undefined || cur === null ? '' : String(cur);
}

/** True when the object satisfies every field requirement. */
export function matchesFields(reqs: readonly FieldRequirement[], obj: FakeObject): boolean {
  return reqs.every((r) => (fieldValue(obj, r.field) === r.value) === (r.op === 'eq'));
}

/** A matcher from optional label and field selector strings. */
export function selectorMatcher(
  labelSelector: string | undefined,
  fieldSelector: string | undefined,
  supportedFields: ReadonlySet<string>,
): ObjectMatcher {
  const labels = labelSelector ? parseLabelSelector(labelSelector) : [];
  const fields = fieldSelector ? parseFieldSelector(fieldSelector, supportedFields) : [];
  if (labels.length === 0 && fields.length === 0) return () => true;
  return (obj) => matchesLabels(labels, obj.metadata?.labels) && matchesFields(fields, obj);
}

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}
