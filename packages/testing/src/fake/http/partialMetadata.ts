/** True when the client asked for metadata only (`as=PartialObjectMetadata` or `as=PartialObjectMetadataList`). */
export function wantsPartialMetadata(accept: string | undefined): boolean {
  return accept !== undefined && /as=PartialObjectMetadata/.test(accept);
}

interface Objectish {
  kind?: string;
  metadata?: Record<string, unknown>;
  items?: Array<{ metadata?: Record<string, unknown> }>;
}

const partial = (metadata: Record<string, unknown> | undefined) => ({
  kind: 'PartialObjectMetadata',
  apiVersion: 'meta.k8s.io/v1',
  metadata: metadata ?? {},
});

/**
 * An object or list as the real server sends it for a metadata-only read: `PartialObjectMetadata`
 * (each item of a list too, inside a `PartialObjectMetadataList`) with the full `metadata` and
 * nothing else. Status bodies pass through.
 */
export function toPartialMetadata(body: unknown): unknown {
  const b = body as Objectish;
  if (!b || typeof b !== 'object' || b.kind === 'Status') return body;
  if (!Array.isArray(b.items)) return partial(b.metadata);
  return {
    kind: 'PartialObjectMetadataList',
    apiVersion: 'meta.k8s.io/v1',
    metadata: b.metadata ?? {},
    items: b.items.map((o) => partial(o.metadata)),
  };
}
