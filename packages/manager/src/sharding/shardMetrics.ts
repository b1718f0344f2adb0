import { type ShardRange, shardRangesFraction } from '@kubekit/core';
import type { Counter, Gauge, Registry } from 'prom-client';
import { promClient } from '../metrics/promClient.js';

/** Something that counts the objects a sharded controller owns now (a {@link ShardGate}). */
export interface ShardObjectCounter {
  /** The controller's name. */
  readonly name: string;
  /** Objects of its slice it holds now. */
  readonly ownedObjects: number;
  /** Objects the server sent it so far (list items and watch events), before client-side filtering. */
  readonly received: number;
  /** Of those, the ones outside its slice (0 when the server filtered). */
  readonly receivedOutside: number;
}

/**
 * The sharding metrics of one manager, registered in its registry (`mgr.metrics.registry`):
 * `kubekit_shard_ring_members{ring}` (live members this replica sees),
 * `kubekit_shard_owned_ranges{ring}` and `kubekit_shard_owned_fraction{ring}` (what it reconciles),
 * `kubekit_shard_objects{ring,controller}` (objects of its ranges each sharded controller knows) and
 * `kubekit_shard_handovers_total{ring,type}` (`acquired` / `released`) and
 * `kubekit_shard_received_objects{ring,controller}` (objects the API server sent the sharded
 * informer, before client-side filtering: what server-side filtering saves) and
 * `kubekit_shard_received_outside_objects{ring,controller}` (of those, the ones outside the slice:
 * 0 while the server filters).
 */
export class ShardMetrics {
  readonly #members: Gauge<'ring'>;
  readonly #ranges: Gauge<'ring'>;
  readonly #fraction: Gauge<'ring'>;
  readonly #handovers: Counter<'ring' | 'type'>;
  readonly #counters = new Map<string, Set<ShardObjectCounter>>();

  constructor(registry: Registry) {
    const { Counter, Gauge } = promClient();
    const registers = [registry];
    this.#members = new Gauge({
      name: 'kubekit_shard_ring_members',
      help: 'Live members of the shard ring',
      labelNames: ['ring'],
      registers,
    });
    this.#ranges = new Gauge({
      name: 'kubekit_shard_owned_ranges',
      help: 'Hash ranges this replica reconciles',
      labelNames: ['ring'],
      registers,
    });
    this.#fraction = new Gauge({
      name: 'kubekit_shard_owned_fraction',
      help: 'Share of the hash space this replica reconciles (0..1)',
      labelNames: ['ring'],
      registers,
    });
    this.#handovers = new Counter({
      name: 'kubekit_shard_handovers_total',
      help: 'Hash ranges acquired or released by this replica',
      labelNames: ['ring', 'type'],
      registers,
    });
    const counters = this.#counters;
    new Gauge({
      name: 'kubekit_shard_objects',
      help: 'Objects in the ranges this replica reconciles, per sharded controller',
      labelNames: ['ring', 'controller'],
      registers,
      collect() {
        this.reset();
        for (const [ring, set] of counters) for (const c of set) this.set({ ring, controller: c.name }, c.ownedObjects);
      },
    });
    new Gauge({
      name: 'kubekit_shard_received_objects',
      help: 'Objects (list items and watch events) the API server sent the sharded informer, before client-side filtering',
      labelNames: ['ring', 'controller'],
      registers,
      collect() {
        this.reset();
        for (const [ring, set] of counters) for (const c of set) this.set({ ring, controller: c.name }, c.received);
      },
    });
    new Gauge({
      name: 'kubekit_shard_received_outside_objects',
      help: 'Objects the API server sent the sharded informer that were outside its slice (filtered on the client)',
      labelNames: ['ring', 'controller'],
      registers,
      collect() {
        this.reset();
        for (const [ring, set] of counters)
          for (const c of set) this.set({ ring, controller: c.name }, c.receivedOutside);
      },
    });
  }

  /** Records the ring's size and this replica's active ranges. */
  ring(ring: string, members: number, active: readonly ShardRange[]): void {
    this.#members.set({ ring }, members);
    this.#ranges.set({ ring }, active.length);
    this.#fraction.set({ ring }, shardRangesFraction(active));
  }

  /** Counts one handover. */
  handover(ring: string, type: 'acquired' | 'released'): void {
    this.#handovers.inc({ ring, type });
  }

  /** Reports `counter`'s objects under `ring`; returns the function that stops it. */
  countObjects(ring: string, counter: ShardObjectCounter): () => void {
    let set = this.#counters.get(ring);
    if (!set) {
      set = new Set();
      this.#counters.set(ring, set);
    }
    set.add(counter);
    return () => set.delete(counter);
  }
}
