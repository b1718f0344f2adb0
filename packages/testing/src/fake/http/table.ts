import type { PrinterColumn } from '@kubekit/core';

/** True when the client (kubectl) asked for a `meta.k8s.io` Table. */
export function wantsTable(accept: string | undefined): boolean {
  return accept !== undefined && /as=Table/.test(accept);
}

interface Listish {
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string; name?: string; creationTimestamp?: string };
  items?: Array<{ metadata?: Record<string, unknown> }>;
}

function age(created: unknown, now: number): string {
  if (typeof created !== 'string') return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(created)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/**
 * One step of a printer column's JSONPath: a field, a list index, or a filter of list items by a
 * field's value (`[?(@.type=="Ready")]`).
 */
type PathStep = { field: string } | { index: number } | { filter: string; equals: string };

/** The steps of the JSONPath forms CRDs use (`.spec.replicas`, `.items[0].name`, `.conditions[?(@.type=="Ready")].status`); undefined for others. */
function pathSteps(path: string): PathStep[] | undefined {
  const steps: PathStep[] = [];
  const re = /\.([A-Za-z0-9_-]+)|\[(\d+)\]|\[\?\(@\.([A-Za-z0-9_-]+)\s*==\s*["']([^"']*)["']\)\]/y;
  let at = 0;
  const text = path.replace(/^\{|\}$/g, '');
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return undefined;
    if (m[1] !== undefined) steps.push({ field: m[1] });
    else if (m[2] !== undefined) steps.push({ index: Number(m[2]) });
    else steps.push({ filter: m[3] as string, equals: m[4] as string });
    at = re.lastIndex;
  }
  return steps;
}

function valueAt(obj: unknown, path: string): unknown {
  const steps = pathSteps(path);
  if (!steps) return undefined;
  let cur: unknown = obj;
  for (const step of steps) {
    if (cur === undefined || cur === null) return undefined;
    if ('field' in step) cur = (cur as Record<string, unknown>)[step.field];
    else if ('index' in step) cur = Array.isArray(cur) ? cur[step.index] : undefined;
    else
      cur = Array.isArray(cur)
        ? cur.find((i) => String((i as Record<string, unknown>)?.[step.filter]) === step.equals)
        : undefined;
  }
  return cur;
}

/** A cell as the server fills it: an age for dates, the value for scalars, JSON for the rest; null when absent. */
function cell(column: PrinterColumn, obj: unknown, now: number): unknown {
  const v = valueAt(obj, column.jsonPath);
  if (v === undefined || v === null) return null;
  if (column.type === 'date') return age(v, now);
  return typeof v === 'object' ? JSON.stringify(v) : v;
}

const NAME_COLUMN = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  priority: 0,
};
const AGE_COLUMN: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description: 'Time since creation.',
};

/**
 * The Table a server makes for `kubectl get`: Name, then the kind's printer columns (a CRD's
 * `additionalPrinterColumns`), or Age when it has none; each row carries the object's metadata.
 * Status bodies pass through.
 */
export function toTable(body: unknown, now: number, columns: readonly PrinterColumn[] = []): unknown {
  const b = body as Listish;
  if (!b || b.kind === 'Status' || typeof b !== 'object') return body;
  const rows = Array.isArray(b.items) ? b.items : [b];
  const shown = columns.length > 0 ? columns : [AGE_COLUMN];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {
      resourceVersion: b.metadata?.resourceVersion ?? '',
      ...(b.metadata?.continue ? { continue: b.metadata.continue } : {}),
    },
    columnDefinitions: [
      NAME_COLUMN,
      ...shown.map((c) => ({
        name: c.name,
        // as kube-apiserver: a date column is shown as an age, a string
        type: c.type === 'date' ? 'string' : c.type,
        format: c.format ?? '',
        description: c.description ?? '',
        priority: c.priority ?? 0,
      })),
    ],
    rows: rows.map((o) => ({
      cells: [o.metadata?.name, ...shown.map((c) => cell(c, o, now))],
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}
