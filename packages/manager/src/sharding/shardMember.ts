import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Client } from '@kubekit/client';
import {
  type Clock,
  consoleLogger,
  formatShardRanges,
  InvalidInputError,
  intersectShardRanges,
  isNotFound,
  type KubeObject,
  type Logger,
  microTime,
  normalizeShardRanges,
  parseShardRanges,
  type ShardKeyField,
  type ShardRange,
  shardRangesFraction,
  subtractShardRanges,
  systemClock,
} from '@kubekit/core';
import { DEFAULT_LEASE_NAMESPACE } from '../defaults.js';
import type { Runnable } from '../manager/runnable.js';
import { HashRing } from './hashRing.js';
import type { ShardGate } from './shardGate.js';
import type { ShardMetrics } from './shardMetrics.js';

/** The label every shard Lease of a ring carries, valued with the ring's name. */
export const SHARD_RING_LABEL = 'sharding.kubekit.dev/ring';
/** The annotation in which a member publishes the ranges it claims (may reconcile). */
export const SHARD_CLAIMS_ANNOTATION = 'sharding.kubekit.dev/claims';

/** Default time others wait, after a member's Lease last changed, before taking its ranges. */
export const DEFAULT_SHARD_LEASE_DURATION_MS = 15_000;
/** Default time a member stops reconciling after its last successful renew. */
export const DEFAULT_SHARD_RENEW_DEADLINE_MS = 10_000;
/** Default time between renews (and ring checks). */
export const DEFAULT_SHARD_RENEW_PERIOD_MS = 2_000;
/** Default points per member on the hash ring. */
export const DEFAULT_SHARD_VIRTUAL_NODES = 16;

/** Options of sharding (`sharding` on the manager or a controller). */
export interface ShardingOptions {
  /** The ring's name: replicas with the same name share the work. Labels their shard Leases. */
  name: string;
  /** Namespace of the shard Leases. @default 'default' */
  namespace?: string;
  /** This replica's identity (its Lease is `<name>-<identity>`, so a DNS label). @default `<hostname>-<random>` */
  identity?: string;
  /** What is hashed: `uid` (even spread) or `namespace` (a namespace stays on one replica). @default 'uid' */
  field?: ShardKeyField;
  /** Others take a silent member's ranges this long after its Lease last changed. @default 15_000 */
  leaseDurationMs?: number;
  /** A member stops reconciling when it has not renewed for this long (< leaseDurationMs). @default 10_000 */
  renewDeadlineMs?: number;
  /** Time between renews and ring checks; handovers take one to two of these. @default 2_000 */
  renewPeriodMs?: number;
  /** Points per member on the consistent-hash ring. @default 16 */
  virtualNodes?: number;
  /** Ask the API server for this replica's slice only (`shardSelector`); else filter on the client. @default true */
  serverSide?: boolean;
}

/** {@link ShardingOptions} with the defaults filled in. */
export type ResolvedShardingOptions = Required<ShardingOptions>;

/** Fills the defaults of {@link ShardingOptions}; throws `InvalidInputError` naming `sharding.<field>` for bad values. */
export function resolveShardingOptions(options: ShardingOptions): ResolvedShardingOptions {
  const r: ResolvedShardingOptions = {
    name: options.name,
    namespace: options.namespace ?? DEFAULT_LEASE_NAMESPACE,
    identity:
      options.identity ??
      `${hostname()
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, '-')}-${randomUUID().slice(0, 8)}`,
    field: options.field ?? 'uid',
    leaseDurationMs: options.leaseDurationMs ?? DEFAULT_SHARD_LEASE_DURATION_MS,
    renewDeadlineMs: options.renewDeadlineMs ?? DEFAULT_SHARD_RENEW_DEADLINE_MS,
    renewPeriodMs: options.renewPeriodMs ?? DEFAULT_SHARD_RENEW_PERIOD_MS,
    virtualNodes: options.virtualNodes ?? DEFAULT_SHARD_VIRTUAL_NODES,
    serverSide: options.serverSide ?? true,
  };
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(r.name)) {
    throw new InvalidInputError('sharding.name', `must be a DNS label, got ${JSON.stringify(r.name)}`);
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(r.identity)) {
    throw new InvalidInputError('sharding.identity', `must be a DNS label, got ${JSON.stringify(r.identity)}`);
  }
  if (r.field !== 'uid' && r.field !== 'namespace') {
    throw new InvalidInputError('sharding.field', `must be 'uid' or 'namespace', got ${JSON.stringify(r.field)}`);
  }
  if (!(r.renewPeriodMs > 0 && r.renewDeadlineMs > r.renewPeriodMs && r.leaseDurationMs > r.renewDeadlineMs)) {
    throw new InvalidInputError(
      'sharding.renewDeadlineMs',
      `needs 0 < renewPeriodMs < renewDeadlineMs < leaseDurationMs, got ${r.renewPeriodMs} < ${r.renewDeadlineMs} < ${r.leaseDurationMs}`,
    );
  }
  return r;
}

interface LeaseObject extends KubeObject {
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number; renewTime?: string };
}

const LEASE = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' } as const;

/** A member of the ring as this replica sees it. */
interface Observed {
  resourceVersion: string;
  /** When (this replica's monotonic clock) it first saw this resourceVersion. */
  seenAt: number;
  leaseDurationMs: number;
  claims: ShardRange[];
}

/** What one handover did, for logs and metrics. */
export interface ShardChange {
  /** Whether this replica took the ranges or gave them away. */
  readonly type: 'acquired' | 'released';
  /** The hash ranges that moved. */
  readonly ranges: readonly ShardRange[];
  /** ms from deciding to move the ranges to having moved them. */
  readonly ms: number;
}

/**
 * One replica's membership in a shard ring, run by the manager (it needs no leader). Every
 * `renewPeriodMs` it renews its shard Lease, reads the ring's Leases and moves ranges:
 *
 * - Its target is what the consistent-hash ring of the live members gives it. A member is live
 *   while its Lease keeps changing: one whose Lease has not changed for its `leaseDurationSeconds`
 *   (by this replica's monotonic clock) has left, and its claims no longer count.
 * - Releasing: ranges it claims but no longer targets are deactivated first (no new reconciles,
 *   those in flight aborted), then, once their reconciles have ended, dropped from the claims it
 *   publishes in its Lease (`sharding.kubekit.dev/claims`). That write is its acknowledgement.
 * - Acquiring: it claims only target ranges no live member claims, by writing them into its Lease,
 *   then reads the ring again and activates a claimed range only if no other live member claims any
 *   of it (on a tie both withdraw and retry). Since the API server orders the writes, of two
 *   members claiming one range at least one sees the other's claim: two replicas never reconcile
 *   one object at once. A range's new owner queues every object of it it knows, and a server-side
 *   sharded informer lists the new slice, so no object is missed.
 * - Fencing: when it has not renewed for `renewDeadlineMs`, it deactivates everything (before
 *   others can deem it gone after `leaseDurationMs`); on stop it deactivates, drains, and deletes
 *   its Lease so others take over at once.
 */
export class ShardMember implements Runnable {
  readonly needLeaderElection = false;
  /** Its options, defaults applied. */
  readonly options: ResolvedShardingOptions;
  readonly #client: Client;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #metrics: ShardMetrics | undefined;
  readonly #gates = new Set<ShardGate>();
  readonly #observed = new Map<string, Observed>();
  readonly #listeners = new Set<(change: ShardChange) => void>();
  #claims: ShardRange[] = [];
  #active: ShardRange[] = [];
  #lease: LeaseObject | undefined;
  #lastRenew = Number.NEGATIVE_INFINITY;
  #members: string[] = [];

  constructor(
    client: Client,
    options: ShardingOptions,
    extra: { clock?: Clock; logger?: Logger; metrics?: ShardMetrics } = {},
  ) {
    this.options = resolveShardingOptions(options);
    this.#client = client;
    this.#clock = extra.clock ?? systemClock;
    this.#logger = (extra.logger ?? consoleLogger()).child({
      shardRing: this.options.name,
      shardMember: this.options.identity,
    });
    this.#metrics = extra.metrics;
  }

  /** This replica's identity on the ring. */
  get identity(): string {
    return this.options.identity;
  }

  /** The ranges this replica reconciles now. */
  get active(): readonly ShardRange[] {
    return this.#active;
  }

  /** The live members last seen (this one included once it has renewed). */
  get members(): readonly string[] {
    return this.#members;
  }

  /** Adds a controller's gate; it follows this member's active ranges. */
  addGate(gate: ShardGate): void {
    this.#gates.add(gate);
    gate.setActive(this.#active);
  }

  /** Calls `listener` after each handover; returns its unsubscribe function. */
  onChange(listener: (change: ShardChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Runs the membership until `signal` aborts; then hands every range over and deletes its Lease. */
  async start(signal: AbortSignal): Promise<void> {
    // the fence runs on its own timer, so a request that hangs cannot keep ranges active
    const fencing = (async () => {
      const period = Math.max(1, Math.floor(this.options.renewPeriodMs / 4));
      while (!signal.aborted) {
        await this.#clock.sleep(period, signal).catch(() => undefined);
        this.#fence();
      }
    })();
    try {
      while (!signal.aborted) {
        try {
          await this.#tick(signal);
        } catch (error) {
          if (signal.aborted) break;
          this.#logger.warn({ err: error }, 'shard ring check failed; retrying');
        }
        this.#fence();
        await this.#clock.sleep(this.options.renewPeriodMs, signal).catch(() => undefined);
      }
    } finally {
      await fencing;
      await this.#leave();
    }
  }

  /** Deactivates everything when the Lease may have expired in others' eyes. */
  #fence(): void {
    if (this.#active.length > 0 && this.#clock.now() - this.#lastRenew > this.options.renewDeadlineMs) {
      this.#logger.warn(
        { sinceRenewMs: Math.round(this.#clock.now() - this.#lastRenew) },
        'shard Lease not renewed in time; stopping every range',
      );
      this.#setActive([]);
    }
  }

  async #tick(signal: AbortSignal): Promise<void> {
    const o = this.options;
    await this.#observe(signal);
    const live = this.#liveOthers();
    const ring = new HashRing([o.identity, ...live.keys()], o.virtualNodes);
    const target = ring.rangesOf(o.identity);
    this.#members = ring.members.slice();

    // release: stop, drain, then publish the smaller claim (the acknowledgement)
    const release = subtractShardRanges(this.#claims, target);
    if (release.length > 0) {
      const started = this.#clock.now();
      this.#setActive(subtractShardRanges(this.#active, release));
      await Promise.all([...this.#gates].map((g) => g.drained()));
      this.#claims = subtractShardRanges(this.#claims, release);
      await this.#write(signal);
      this.#emit({ type: 'released', ranges: release, ms: this.#clock.now() - started });
    }

    // claim free target ranges, renewing the Lease in the same write
    const othersClaims = normalizeShardRanges([...live.values()].flatMap((m) => m.claims));
    const candidates = subtractShardRanges(subtractShardRanges(target, this.#claims), othersClaims);
    const before = this.#claims;
    const decided = this.#clock.now();
    this.#claims = normalizeShardRanges([...this.#claims, ...candidates]);
    if (release.length === 0 || candidates.length > 0) await this.#write(signal);

    // verify: activate only claims no other live member holds
    await this.#observe(signal);
    const contested = intersectShardRanges(
      this.#claims,
      [...this.#liveOthers().values()].flatMap((m) => m.claims),
    );
    if (contested.length > 0) {
      this.#logger.info(
        { contested: formatShardRanges(contested) },
        'shard ranges claimed by another member too; withdrawing',
      );
      this.#setActive(subtractShardRanges(this.#active, contested));
      await Promise.all([...this.#gates].map((g) => g.drained()));
      this.#claims = subtractShardRanges(this.#claims, contested);
      await this.#write(signal);
    }
    const gained = subtractShardRanges(this.#claims, this.#active);
    if (gained.length > 0) {
      this.#setActive(this.#claims);
      const fromBefore = subtractShardRanges(gained, before).length > 0;
      this.#emit({ type: 'acquired', ranges: gained, ms: fromBefore ? this.#clock.now() - decided : 0 });
    }
    this.#metrics?.ring(o.name, this.#members.length, this.#active);
  }

  /** Reads the ring's Leases (a consistent read) and updates what is known of each member. */
  async #observe(signal: AbortSignal): Promise<void> {
    const o = this.options;
    const list = await this.#client.list(LEASE, {
      namespace: o.namespace,
      labelSelector: { [SHARD_RING_LABEL]: o.name },
      signal,
    });
    const now = this.#clock.now();
    const seen = new Set<string>();
    for (const lease of list.items as LeaseObject[]) {
      const id = lease.spec?.holderIdentity;
      if (!id || id === o.identity) continue;
      seen.add(id);
      const rv = lease.metadata?.resourceVersion ?? '';
      const known = this.#observed.get(id);
      let claims: ShardRange[] = [];
      try {
        claims = parseShardRanges(
          lease.metadata?.annotations?.[SHARD_CLAIMS_ANNOTATION] ?? '',
          SHARD_CLAIMS_ANNOTATION,
        );
      } catch (error) {
        this.#logger.warn(
          { err: error, member: id },
          'unreadable shard claims; counting the member as claiming everything',
        );
        claims = [{ start: 0n, end: 1n << 64n }];
      }
      this.#observed.set(id, {
        resourceVersion: rv,
        seenAt: known && known.resourceVersion === rv ? known.seenAt : now,
        leaseDurationMs: (lease.spec?.leaseDurationSeconds ?? o.leaseDurationMs / 1000) * 1000,
        claims,
      });
    }
    for (const id of this.#observed.keys()) if (!seen.has(id)) this.#observed.delete(id);
  }

  /** The other members whose Lease changed within its duration. */
  #liveOthers(): Map<string, Observed> {
    const now = this.#clock.now();
    return new Map([...this.#observed].filter(([, m]) => now - m.seenAt <= m.leaseDurationMs));
  }

  /** Creates or renews this member's Lease with its current claims. */
  async #write(signal: AbortSignal): Promise<void> {
    const o = this.options;
    const sent = this.#clock.now();
    const name = `${o.name}-${o.identity}`;
    const metadata = {
      name,
      namespace: o.namespace,
      labels: { [SHARD_RING_LABEL]: o.name },
      annotations: { [SHARD_CLAIMS_ANNOTATION]: formatShardRanges(this.#claims) },
    };
    const spec = {
      holderIdentity: o.identity,
      leaseDurationSeconds: Math.ceil(o.leaseDurationMs / 1000),
      renewTime: microTime(),
    };
    if (this.#lease === undefined) {
      try {
        this.#lease = (await this.#client.get(LEASE, name, { namespace: o.namespace, signal })) as LeaseObject;
      } catch (error) {
        if (!isNotFound(error)) throw error;
        this.#lease = (await this.#client.create({ ...LEASE, metadata, spec } as LeaseObject, {
          signal,
        })) as LeaseObject;
        this.#lastRenew = sent;
        return;
      }
    }
    const lease = this.#lease;
    try {
      this.#lease = (await this.#client.update(
        {
          ...LEASE,
          metadata: {
            ...lease.metadata,
            ...metadata,
            annotations: { ...lease.metadata?.annotations, ...metadata.annotations },
          },
          spec: { ...lease.spec, ...spec },
        } as LeaseObject,
        { signal },
      )) as LeaseObject;
    } catch (error) {
      this.#lease = undefined; // read it again next time (conflict, or deleted)
      throw error;
    }
    this.#lastRenew = sent;
  }

  #setActive(ranges: ShardRange[]): void {
    this.#active = normalizeShardRanges(ranges);
    for (const g of this.#gates) g.setActive(this.#active);
    this.#logger.debug(
      { active: formatShardRanges(this.#active), share: shardRangesFraction(this.#active) },
      'active shard ranges',
    );
  }

  #emit(change: ShardChange): void {
    this.#metrics?.handover(this.options.name, change.type);
    this.#logger.info(
      {
        change: change.type,
        ranges: change.ranges.length,
        share: shardRangesFraction(change.ranges),
        ms: Math.round(change.ms),
      },
      'shard handover',
    );
    for (const l of this.#listeners) l(change);
  }

  async #leave(): Promise<void> {
    this.#setActive([]);
    await Promise.all([...this.#gates].map((g) => g.drained()));
    this.#claims = [];
    const o = this.options;
    try {
      await this.#client.delete(LEASE, `${o.name}-${o.identity}`, { namespace: o.namespace });
    } catch (error) {
      if (!isNotFound(error))
        this.#logger.warn({ err: error }, 'could not delete the shard Lease; others take over once it expires');
    }
    this.#metrics?.ring(o.name, 0, []);
  }
}
