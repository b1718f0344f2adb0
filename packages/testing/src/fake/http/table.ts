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
 * The default Table a server makes for kinds without printer columns: Name and Age, with each row
 * carrying the object's metadata (what `kubectl get` prints). Status bodies pass through.
 */
export function toTable(body: unknown, now: number): unknown {
  const b = body as Listish;
  if (!b || b.kind === 'Status' || typeof b !== 'object') return body;
  const rows = Array.isArray(b.items) ? b.items : [b];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {
      resourceVersion: b.metadata?.resourceVersion ?? '',
      ...(b.metadata?.continue ? { continue: b.metadata.continue } : {}),
    },
    columnDefinitions: [
      {
        name: 'Name',
        type: 'string',
        format: 'name',
        description: 'Name must be unique within a namespace.',
        priority: 0,
      },
      { name: 'Age', type: 'string', format: '', description: 'Time since creation.', priority: 0 },
    ],
    rows: rows.map((o) => ({
      cells: [o.metadata?.name, age(o.metadata?.creationTimestamp, now)],
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}
