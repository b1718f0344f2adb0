import type { PrinterColumn } from '@kubekit/core';
import type { RecordedTable, RecordedTableColumn } from '../../recording/layout.js';

/** True when the client (kubectl) asked for a `meta.k8s.io` Table. */
export function wantsTable(accept: string | undefined): boolean {
  return accept !== undefined && /as=Table/.test(accept);
}

interface Listish {
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string; name?: string; creationTimestamp?: string };
  items?: Array<{ metadata?: Record<string, unknown> }>;
}

/**
 * A duration as kube-apiserver prints one (`45s`, `5m3s`, `42m`, `3h20m`, `20h`, `2d4h`, `40d`,
 * `3y20d`, `9y`): seconds below 2 minutes, then minutes (with seconds below 10 minutes), hours (with
 * minutes below 8 hours), days (with hours below 8 days), years (with days below 8 years).
 */
export function humanDuration(ms: number): string {
  const s = Math.trunc(ms / 1000);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (d < 365 * 2) return `${d}d`;
  const y = Math.floor(d / 365);
  if (y < 8) return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
  return `${y}y`;
}

/** How long before `now` a time (RFC 3339) was, as {@link humanDuration}; `<unknown>` without a time. */
export function age(time: unknown, now: number): string {
  const at = typeof time === 'string' && time !== '' ? Date.parse(time) : Number.NaN;
  return Number.isNaN(at) ? '<unknown>' : humanDuration(now - at);
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

const NAME_COLUMN: RecordedTableColumn = {
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

/** A Table recorded from the server whose objects are served, ready to answer from. */
export interface ServedTable {
  /** The recorded columns, Name first. */
  readonly columnDefinitions: readonly RecordedTableColumn[];
  /** The recorded cells by {@link rowKey}: an object in one state. */
  readonly rows: ReadonlyMap<string, readonly unknown[]>;
}

/** The key of an object's state in {@link ServedTable.rows}. */
const rowKey = (namespace: unknown, name: unknown, resourceVersion: unknown): string =>
  `${namespace ?? ''}\0${name}\0${resourceVersion}`;

/** A recorded Table as a {@link ServedTable}. */
export function servedTable(table: RecordedTable): ServedTable {
  return {
    columnDefinitions: table.columnDefinitions,
    rows: new Map(table.rows.map((r) => [rowKey(r.namespace, r.name, r.resourceVersion), r.cells])),
  };
}

/** How a Table is made. */
export interface TableOptions {
  /** The time ages are counted to (ms since the epoch). */
  now: number;
  /** The objects' group and kind (some kinds have columns computed from the clock). */
  type: { readonly group: string; readonly kind: string };
  /** The kind's printer columns in the version asked for (a CRD's `additionalPrinterColumns`). @default none: Age */
  columns?: readonly PrinterColumn[] | undefined;
  /** The Table recorded from the server the objects come from; its columns are then answered. @default none */
  recorded?: ServedTable | undefined;
}

type Obj = { metadata?: Record<string, unknown> } & Record<string, unknown>;

/**
 * The Table a server makes for `kubectl get`. With a recorded Table (`options.recorded`): its
 * columns, and for each object its recorded cells when the object is in the recorded state (same
 * resourceVersion), else cells computed where the server could ({@link fallbackCell}); in both,
 * cells the server computes from the clock are computed now ({@link clockCell}). Without one: Name,
 * then the kind's printer columns (a CRD's `additionalPrinterColumns`), or Age when it has none.
 * Each row carries the object's metadata. Status bodies pass through.
 */
export function toTable(body: unknown, options: TableOptions): unknown {
  const b = body as Listish;
  if (!b || b.kind === 'Status' || typeof b !== 'object') return body;
  const objects = (Array.isArray(b.items) ? b.items : [b]) as Obj[];
  const { now, type, columns = [], recorded } = options;
  let columnDefinitions: readonly RecordedTableColumn[];
  let cellsOf: (o: Obj) => unknown[];
  if (recorded) {
    columnDefinitions = recorded.columnDefinitions;
    const clock = columnDefinitions.map((c) => clockCell(c, type, columns));
    cellsOf = (o) => {
      const m = o.metadata ?? {};
      const cells = recorded.rows.get(rowKey(m.namespace, m.name, m.resourceVersion));
      return columnDefinitions.map((c, i) => {
        const fromClock = clock[i];
        if (fromClock) return fromClock(o, now, cells?.[i]);
        return cells ? cells[i] : fallbackCell(c, o, now, columns);
      });
    };
  } else {
    const shown = columns.length > 0 ? columns : [AGE_COLUMN];
    columnDefinitions = [
      NAME_COLUMN,
      ...shown.map((c) => ({
        name: c.name,
        // as kube-apiserver: a date column is shown as an age, a string
        type: c.type === 'date' ? 'string' : c.type,
        format: c.format ?? '',
        description: c.description ?? '',
        priority: c.priority ?? 0,
      })),
    ];
    cellsOf = (o) => [o.metadata?.name, ...shown.map((c) => cell(c, o, now))];
  }
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {
      resourceVersion: b.metadata?.resourceVersion ?? '',
      ...(b.metadata?.continue ? { continue: b.metadata.continue } : {}),
    },
    columnDefinitions,
    rows: objects.map((o) => ({
      cells: cellsOf(o),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}

/**
 * A cell of an object without a recorded row (created since, or changed by a replayed change):
 * the name for the Name column, a printer column's value for a column the kind defines one for
 * (a CRD's), `<unknown>` for the rest (what the server's own code computed from the object).
 */
function fallbackCell(column: RecordedTableColumn, o: Obj, now: number, columns: readonly PrinterColumn[]): unknown {
  if (column.format === 'name') return o.metadata?.name;
  const printer = columns.find((c) => c.name === column.name);
  return printer ? cell(printer, o, now) : '<unknown>';
}

/** A cell computed at each request: the object, the time, and the recorded cell (undefined when none). */
type ClockCell = (o: Obj, now: number, recorded: unknown) => unknown;

const field = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
const isSet = (v: unknown): v is string => typeof v === 'string' && v !== '';

/**
 * How a column's cells are computed from the clock, or undefined for a column whose cells are
 * fixed by the object. By the column's name, as the server's printers fill them:
 * - a column the kind defines a printer column of type `date` for (a CRD's): the age of its value;
 * - `Age`: the age of `metadata.creationTimestamp`;
 * - `Last Seen` / `First Seen` of an Event: the age of the last / first time it was seen;
 * - `Last Schedule` of a CronJob: the age of `status.lastScheduleTime` (`<none>` without);
 * - `Duration` of a Job: from `status.startTime` to `status.completionTime`, or to now while it runs;
 * - `Restarts` of a Pod: the recorded count, its `(… ago)` counted again from the last container
 *   termination.
 */
function clockCell(
  column: RecordedTableColumn,
  type: TableOptions['type'],
  columns: readonly PrinterColumn[],
): ClockCell | undefined {
  const printer = columns.find((c) => c.name === column.name);
  if (printer) return printer.type === 'date' ? (o, now) => cell(printer, o, now) : undefined;
  const name = column.name.toLowerCase();
  if (name === 'age') return (o, now) => age(o.metadata?.creationTimestamp, now);
  const { group, kind } = type;
  if (kind === 'Event' && (group === '' || group === 'events.k8s.io')) {
    // core/v1 names the times firstTimestamp/lastTimestamp, events.k8s.io/v1 deprecated…Timestamp
    const prefix = group === '' ? '' : 'deprecated';
    const first = (o: Obj, now: number) => {
      const t = o[prefix ? 'deprecatedFirstTimestamp' : 'firstTimestamp'];
      return age(isSet(t) ? t : o.eventTime, now);
    };
    if (name === 'first seen') return first;
    if (name === 'last seen') {
      return (o, now) => {
        const series = field(o, 'series', 'lastObservedTime');
        if (isSet(series)) return age(series, now);
        const last = o[prefix ? 'deprecatedLastTimestamp' : 'lastTimestamp'];
        return isSet(last) ? age(last, now) : first(o, now);
      };
    }
  }
  if (group === 'batch' && kind === 'CronJob' && name === 'last schedule') {
    return (o, now) => {
      const t = field(o, 'status', 'lastScheduleTime');
      return isSet(t) ? age(t, now) : '<none>';
    };
  }
  if (group === 'batch' && kind === 'Job' && name === 'duration') {
    return (o, now) => {
      const start = field(o, 'status', 'startTime');
      const end = field(o, 'status', 'completionTime');
      if (!isSet(start)) return '';
      return humanDuration((isSet(end) ? Date.parse(end) : now) - Date.parse(start));
    };
  }
  if (group === '' && kind === 'Pod' && name === 'restarts') {
    return (o, now, recorded) => {
      const m = typeof recorded === 'string' ? /^(\d+) \(.* ago\)$/.exec(recorded) : null;
      if (!m) return recorded ?? '<unknown>';
      const statuses = ['initContainerStatuses', 'containerStatuses'].flatMap((k) => {
        const list = field(o, 'status', k);
        return Array.isArray(list) ? list : [];
      });
      const times = statuses
        .map((st) => field(st, 'lastState', 'terminated', 'finishedAt'))
        .filter(isSet)
        .map((t) => Date.parse(t));
      return times.length > 0 ? `${m[1]} (${humanDuration(now - Math.max(...times))} ago)` : recorded;
    };
  }
  return undefined;
}
