import type { ListOptions } from '@kubekit/client';
import { type Clock, fieldSelectorString, labelSelectorString } from '@kubekit/core';
import { LRUCache } from 'lru-cache';

/**
 * The short-lived cache of direct reads of uncached kinds: answers kept `ttlMs`, at most `max`
 * of them (least recently used out first). A write through the client to an object drops the
 * object's entries and every list of its kind; a read that started before a write of its kind
 * never stores its (possibly older) answer. Entries are handed out as copies, so callers may
 * change what they get.
 */
export class DirectReadCache {
  readonly #lru: LRUCache<string, { value: unknown; kind: string }>;
  /** Keys by kind, to drop a kind's lists (and, for collection writes, its gets). */
  readonly #byKind = new Map<string, Set<string>>();
  /** Writes per kind so far: a read stores its answer only if none happened while it ran. */
  readonly #generation = new Map<string, number>();

  constructor(options: { ttlMs: number; max: number; clock: Clock }) {
    this.#lru = new LRUCache({
      max: options.max,
      ttl: options.ttlMs,
      // lru-cache reads a start time of 0 as "no TTL" (a fake clock starts at 0): shift by 1 ms.
      perf: { now: () => options.clock.now() + 1 },
      // no memoised "now" (it would be cleared by a real timer, and lag behind an injected clock)
      ttlResolution: 0,
      dispose: (entry, key) => {
        const keys = this.#byKind.get(entry.kind);
        keys?.delete(key);
        if (keys?.size === 0) this.#byKind.delete(entry.kind);
      },
    });
  }

  /** A copy of the kept answer, or `undefined`. */
  get<T>(key: string): T | undefined {
    const entry = this.#lru.get(key);
    return entry === undefined ? undefined : (structuredClone(entry.value) as T);
  }

  /** The write generation of a kind, taken before a read starts; pass it to `set`. */
  generation(kind: string): number {
    return this.#generation.get(kind) ?? 0;
  }

  /** Keeps a copy of `value`, unless the kind was written since `generation`. */
  set(kind: string, key: string, value: unknown, generation: number): void {
    if (this.generation(kind) !== generation) return;
    this.#lru.set(key, { value: structuredClone(value), kind });
    let keys = this.#byKind.get(kind);
    if (!keys) {
      keys = new Set();
      this.#byKind.set(kind, keys);
    }
    keys.add(key);
  }

  /** A write to one object: drops its gets and every list of its kind. */
  invalidateObject(kind: string, namespace: string, name: string): void {
    this.#bump(kind);
    this.#lru.delete(directGetKey(kind, namespace, name, false));
    this.#lru.delete(directGetKey(kind, namespace, name, true));
    for (const key of [...(this.#byKind.get(kind) ?? [])]) if (key.startsWith('list\n')) this.#lru.delete(key);
  }

  /** A write to many objects of a kind (`deleteAllOf`): drops everything of the kind. */
  invalidateKind(kind: string): void {
    this.#bump(kind);
    for (const key of [...(this.#byKind.get(kind) ?? [])]) this.#lru.delete(key);
  }

  #bump(kind: string): void {
    this.#generation.set(kind, this.generation(kind) + 1);
  }
}

/** The key of a direct `get` (kind key, namespace — `''` when cluster-scoped —, name, metadata-only). */
export function directGetKey(kind: string, namespace: string, name: string, metadataOnly: boolean): string {
  return ['get', kind, namespace, name, metadataOnly ? 'metadata' : ''].join('\n');
}

/** The key of a direct `list` (kind key, namespace — `''` for all —, selectors, metadata-only). */
export function directListKey(kind: string, namespace: string, options: ListOptions): string {
  return [
    'list',
    kind,
    namespace,
    labelSelectorString(options.labelSelector) ?? '',
    fieldSelectorString(options.fieldSelector) ?? '',
    options.metadataOnly ? 'metadata' : '',
  ].join('\n');
}
