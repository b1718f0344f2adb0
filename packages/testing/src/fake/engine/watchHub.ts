import { FakeApiError } from './apiError.js';
import type { StoredObject } from './types.js';

/** One write, as the event history keeps it. */
export interface HistoryEntry {
  /** The resourceVersion of the write. */
  rv: number;
  /** Which resource: `<group>/<plural>`. */
  typeKey: string;
  /** The object's key in its table: `<namespace>/<name>`. */
  key: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** The object after the write (for DELETED: its last state, at the delete's resourceVersion). */
  object: StoredObject;
  /** The object before the write (undefined for ADDED). */
  prev: StoredObject | undefined;
}

/** A listener of writes to one resource. */
export type HistoryListener = (entry: HistoryEntry) => void;

/**
 * The bounded event history and its listeners: what watches replay from and what makes a
 * resourceVersion older than the window 410 Gone (Expired).
 */
export class WatchHub {
  private entries: HistoryEntry[] = [];
  private readonly listeners = new Map<string, Set<HistoryListener>>();
  private compactedThrough: number;

  /**
   * @param historySize how many writes (of all resources) are kept
   * @param startRv the resourceVersion before the first write; older ones are Expired
   */
  constructor(
    private readonly historySize: number,
    startRv: number,
  ) {
    this.compactedThrough = startRv;
  }

  /** Writes at or below this resourceVersion are no longer kept. */
  get oldestAvailable(): number {
    return this.compactedThrough;
  }

  /** Records a write and tells the resource's listeners. */
  record(entry: HistoryEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.historySize * 2) this.trim(this.entries.length - this.historySize);
    for (const fn of [...(this.listeners.get(entry.typeKey) ?? [])]) fn(entry);
  }

  /** Drops everything up to `rv`, as etcd compaction does. */
  compact(rv: number): void {
    this.compactedThrough = Math.max(this.compactedThrough, rv);
    this.entries = this.entries.filter((e) => e.rv > rv);
  }

  /**
   * Writes to one resource after `rv`, oldest first.
   * @throws {@link FakeApiError} `Expired` when writes after `rv` are no longer kept.
   */
  since(rv: number, typeKey: string): HistoryEntry[] {
    this.assertAvailable(rv);
    return this.entries.filter((e) => e.rv > rv && e.typeKey === typeKey);
  }

  /** Throws `Expired` (`too old resource version: <rv> (<oldest>)`) when `rv` is out of the window. */
  assertAvailable(rv: number): void {
    if (this.entries.length > this.historySize) this.trim(this.entries.length - this.historySize);
    if (rv < this.compactedThrough) {
      throw FakeApiError.expired(`too old resource version: ${rv} (${this.compactedThrough + 1})`);
    }
  }

  /** Listens to writes of one resource; returns the unsubscribe function. */
  subscribe(typeKey: string, fn: HistoryListener): () => void {
    let set = this.listeners.get(typeKey);
    if (!set) {
      set = new Set();
      this.listeners.set(typeKey, set);
    }
    set.add(fn);
    return () => void set.delete(fn);
  }

  private trim(count: number): void {
    const dropped = this.entries.splice(0, count);
    const last = dropped.at(-1);
    if (last) this.compactedThrough = Math.max(this.compactedThrough, last.rv);
  }
}
