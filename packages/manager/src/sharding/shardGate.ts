import type { InformerEvent } from '@kubekit/cache';
import {
  fnv1a64,
  gvkKey,
  type KindRef,
  keyOf,
  parseKey,
  type ShardKeyField,
  type ShardRange,
  shardHashOf,
  shardRangesContain,
} from '@kubekit/core';
import { ShardRevokedError } from '../errors.js';

/**
 * What a sharded controller asks before it queues or reconciles a request: one per controller,
 * driven by the replica's {@link ShardMember}. It learns each request's shard hash from the events
 * of the reconciled kind (the object's own uid, or its namespace), so requests made by `owns()`
 * and map functions are routed by their target's hash. A request is reconciled only while its hash
 * is in the replica's active ranges; when ranges are taken away, the reconciles of those ranges are
 * aborted and {@link ShardGate.drained} resolves once they have ended.
 */
export class ShardGate {
  /** The controller's name. */
  readonly name: string;
  readonly #kind: string;
  readonly #field: ShardKeyField;
  #active: readonly ShardRange[] = [];
  readonly #hashes = new Map<string, bigint>();
  readonly #deleted = new Set<string>();
  readonly #inflight = new Map<string, { hash: bigint; abort: AbortController }>();
  readonly #drainWaiters = new Set<() => void>();
  #requeue: ((key: string) => void) | undefined;
  #received = 0;
  #receivedOutside = 0;
  readonly #listeners = new Set<(active: readonly ShardRange[]) => void>();

  constructor(name: string, kind: KindRef, field: ShardKeyField) {
    this.name = name;
    this.#kind = gvkKey(kind);
    this.#field = field;
  }

  /** The hash field (`uid` or `namespace`). */
  get field(): ShardKeyField {
    return this.#field;
  }

  /** The ranges this replica reconciles now. */
  get active(): readonly ShardRange[] {
    return this.#active;
  }

  /** How many known objects of the reconciled kind fall in the active ranges. */
  get ownedObjects(): number {
    let n = 0;
    for (const h of this.#hashes.values()) if (shardRangesContain(this.#active, h)) n++;
    return n;
  }

  /** Objects the API server sent this controller's sharded informer (list items and watch events), before client-side filtering. */
  get received(): number {
    return this.#received;
  }

  /** Of {@link received}, the objects outside this replica's slice (0 while the server filters). */
  get receivedOutside(): number {
    return this.#receivedOutside;
  }

  /** Counts objects received from the API server (see {@link received}, {@link receivedOutside}). */
  countReceived(objects: number, outside = 0): void {
    this.#received += objects;
    this.#receivedOutside += outside;
  }

  /** Connects the controller: `requeue` queues a key whose range became active. */
  attach(requeue: (key: string) => void): () => void {
    this.#requeue = requeue;
    return () => {
      this.#requeue = undefined;
    };
  }

  /** Calls `listener` with the new active ranges after each change; returns its unsubscribe function. */
  onActiveChange(listener: (active: readonly ShardRange[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Learns the shard hash of an event's object when it is of the reconciled kind (`kind`). */
  observe(kind: KindRef, event: InformerEvent): void {
    if (gvkKey(kind) !== this.#kind) return;
    const key = keyOf(event.object.metadata?.name ?? '', event.object.metadata?.namespace);
    this.#hashes.set(key, shardHashOf(event.object, this.#field));
    if (event.type === 'delete') this.#deleted.add(key);
    else this.#deleted.delete(key);
  }

  /** Whether the request `key` is this replica's now (unknown keys are not, except by namespace). */
  owns(key: string): boolean {
    const hash = this.#hashOf(key);
    return hash !== undefined && shardRangesContain(this.#active, hash);
  }

  /**
   * Called before reconciling `key`: a signal aborted when its range is taken away, or `undefined`
   * when the key is not this replica's (the controller then drops it). Pair with {@link exit}.
   */
  enter(key: string): AbortSignal | undefined {
    const hash = this.#hashOf(key);
    if (hash === undefined || !shardRangesContain(this.#active, hash)) return undefined;
    const abort = new AbortController();
    this.#inflight.set(key, { hash, abort });
    return abort.signal;
  }

  /** Called when the reconcile of `key` has ended. */
  exit(key: string): void {
    this.#inflight.delete(key);
    if (this.#deleted.delete(key)) this.#hashes.delete(key);
    if (this.#drainWaiters.size > 0) for (const wake of [...this.#drainWaiters]) wake();
  }

  /**
   * Sets the active ranges. Reconciles whose hash left them are aborted at once (with
   * `ShardRevokedError`); known keys whose hash entered them are queued again.
   */
  setActive(ranges: readonly ShardRange[]): void {
    const before = this.#active;
    this.#active = ranges;
    for (const { hash, abort } of this.#inflight.values()) {
      if (!shardRangesContain(ranges, hash)) abort.abort(new ShardRevokedError(this.name));
    }
    if (this.#requeue) {
      for (const [key, hash] of this.#hashes) {
        if (shardRangesContain(ranges, hash) && !shardRangesContain(before, hash)) this.#requeue(key);
      }
    }
    for (const l of this.#listeners) l(ranges);
  }

  /** Resolves once no reconcile of a hash outside the active ranges is running. */
  async drained(): Promise<void> {
    const busy = () => [...this.#inflight.values()].some((r) => !shardRangesContain(this.#active, r.hash));
    while (busy()) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#drainWaiters.delete(wake);
          resolve();
        };
        this.#drainWaiters.add(wake);
      });
    }
  }

  #hashOf(key: string): bigint | undefined {
    if (this.#field === 'namespace') return fnv1a64(parseKey(key).namespace ?? '');
    return this.#hashes.get(key);
  }
}
