import { getNested, InvalidInputError, type KubeObject, type Selector } from '@kubekit/client';

/** One requirement of a label or field selector. */
export interface Requirement {
  readonly key: string;
  readonly op: '=' | '!=' | 'in' | 'notin' | 'exists' | '!exists';
  readonly values: readonly string[];
}

/**
 * Parses a selector (`app=web,tier!=db`, `env in (a,b)`, `!legacy`, or equality pairs) into
 * requirements. Set-based forms are meant for labels; fields take `=`, `==` and `!=`.
 */
export function parseSelector(selector: Selector | undefined, field: string): Requirement[] {
  if (selector === undefined) return [];
  if (typeof selector !== 'string') {
    return Object.entries(selector).map(([key, value]) => ({ key, op: '=', values: [value] }));
  }
  const out: Requirement[] = [];
  for (const term of splitTerms(selector)) {
    const t = term.trim();
    if (t === '') continue;
    let m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(t);
    if (m) {
      const values = (m[3] as string).split(',').map((v) => v.trim());
      out.push({ key: m[1] as string, op: m[2] as 'in' | 'notin', values });
      continue;
    }
    m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(t);
    if (m) {
      out.push({ key: m[1] as string, op: m[2] === '!=' ? '!=' : '=', values: [m[3] as string] });
      continue;
    }
    m = /^(!?)([^=!\s()]+)$/.exec(t);
    if (m) {
      out.push({ key: m[2] as string, op: m[1] ? '!exists' : 'exists', values: [] });
      continue;
    }
    throw new InvalidInputError(field, `cannot parse "${t}"`);
  }
  return out;
}

function splitTerms(s: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') depth--;
    else if (s[i] === ',' && depth === 0) {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

/** Whether a value (`undefined`: absent) meets a requirement. */
export function meets(req: Requirement, value: string | undefined): boolean {
  switch (req.op) {
    case '=':
      return value === req.values[0];
    case '!=':
      return value !== req.values[0];
    case 'in':
      return value !== undefined && req.values.includes(value);
    case 'notin':
      return value === undefined || !req.values.includes(value);
    case 'exists':
      return value !== undefined;
    case '!exists':
      return value === undefined;
  }
}

/** Whether an object's labels meet every requirement. */
export function matchesLabels(obj: KubeObject, reqs: readonly Requirement[]): boolean {
  const labels = obj.metadata?.labels ?? {};
  return reqs.every((r) => meets(r, Object.hasOwn(labels, r.key) ? labels[r.key] : undefined));
}

/** The value of a field path (`spec.nodeName`) as a string, as the API server compares it. */
export function fieldValue(obj: KubeObject, path: string): string | undefined {
  const v = getNested(obj, path);
  if (v === undefined || v === null) return undefined;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
