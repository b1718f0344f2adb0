import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Reader, Writer } from '@kubekit/client';
import {
  type Clock,
  consoleLogger,
  InvalidInputError,
  isAlreadyExists,
  isConflict,
  isNotFound,
  type KubeObject,
  type Logger,
  microTime,
  systemClock,
} from '@kubekit/core';
import {
  DEFAULT_LEASE_DURATION_MS,
  DEFAULT_LEASE_NAMESPACE,
  DEFAULT_RENEW_DEADLINE_MS,
  DEFAULT_RETRY_PERIOD_MS,
} from '../defaults.js';
import { NotLeaderError } from '../errors.js';

/** Options of {@link LeaderElector}. */
export interface LeaderElectionOptions {
  /** Name of the `coordination.k8s.io/v1` Lease (one per operator, shared by its replicas). */
  name: string;
  /** Namespace of the Lease. @default the pod's namespace in a cluster, else 'default' */
  namespace?: string;
  /** This candidate's identity in the Lease. @default `${hostname}_${random uuid}` */
  identity?: string;
  /** How long others wait after the last renewal they saw before taking over. @default 15_000 */
  leaseDurationMs?: number;
  /** The leader steps down when it could not renew for this long (< leaseDurationMs). @default 10_000 */
  renewDeadlineMs?: number;
  /** Time between attempts to acquire or renew. @default 2_000 */
  retryPeriodMs?: number;
  /**
   * Clear the Lease's holder on shutdown, so another replica takes over at its next retry. The
   * manager releases only after every reconcile and leader-only runnable of the term has ended,
   * never after a lost term or a shutdown that ran past its grace period. @default true
   */
  releaseOnCancel?: boolean;
  /** Time source of all waits and expiry (tests inject fake time). @default the system clock */
  clock?: Clock;
  /** Where leadership changes are logged. @default consoleLogger() */
  logger?: Logger;
}

/** {@link LeaderElectionOptions} with the defaults filled in. */
export type ResolvedLeaderElectionOptions = Required<LeaderElectionOptions>;

/** The namespace of the pod this process runs in (its service account's), if it runs in a cluster. */
function podNamespace(): string | undefined {
  try {
    return readFileSync('/var/run/secrets/kubernetes.io/serviceaccount/namespace', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Fills the defaults of {@link LeaderElectionOptions}; throws `InvalidInputError` naming the option (`leaderElection.<field>`) for inconsistent durations. */
export function resolveLeaderElectionOptions(options: LeaderElectionOptions): ResolvedLeaderElectionOptions {
  const r: ResolvedLeaderElectionOptions = {
    name: options.name,
    namespace: options.namespace ?? podNamespace() ?? DEFAULT_LEASE_NAMESPACE,
    identity: options.identity ?? `${hostname()}_${randomUUID()}`,
    leaseDurationMs: options.leaseDurationMs ?? DEFAULT_LEASE_DURATION_MS,
    renewDeadlineMs: options.renewDeadlineMs ?? DEFAULT_RENEW_DEADLINE_MS,
    retryPeriodMs: options.retryPeriodMs ?? DEFAULT_RETRY_PERIOD_MS,
    releaseOnCancel: options.releaseOnCancel ?? true,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? consoleLogger(),
  };
  if (!(r.retryPeriodMs > 0)) {
    throw new InvalidInputError('leaderElection.retryPeriodMs', `must be greater than 0, got ${r.retryPeriodMs}`);
  }
  if (!(r.renewDeadlineMs > r.retryPeriodMs)) {
    throw new InvalidInputError(
      'leaderElection.renewDeadlineMs',
      `must be greater than retryPeriodMs (${r.retryPeriodMs}), got ${r.renewDeadlineMs}`,
    );
  }
  if (!(r.leaseDurationMs > r.renewDeadlineMs)) {
    throw new InvalidInputError(
      'leaderElection.leaseDurationMs',
      `must be greater than renewDeadlineMs (${r.renewDeadlineMs}), got ${r.leaseDurationMs}`,
    );
  }
  return r;
}

/** The Lease fields leader election reads and writes. */
interface LeaseObject extends KubeObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

const LEASE = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' } as const;

/** What {@link LeaderElector.run} calls. */
export interface LeaderCallbacks {
  /** This candidate became leader; `signal` aborts when it stops leading (lost, or shut down). */
  onStartedLeading(signal: AbortSignal): void;
  /** This candidate stopped leading (after `onStartedLeading`). */
  onStoppedLeading?(): void;
  /** Another (or this) identity was seen holding the Lease. */
  onNewLeader?(identity: string): void;
}

/**
 * Leader election on a `coordination.k8s.io/v1` Lease, as client-go does it: candidates try to
 * acquire the Lease every `retryPeriodMs`; the holder renews it on the same period; others take
 * over only once the Lease has not changed for `leaseDurationMs` as measured on their own
 * monotonic clock, or at once after the holder released it. Writes are optimistic-concurrency
 * updates, so two candidates never both win one round.
 *
 * The leader's term is fenced by its own monotonic clock: it ends `renewDeadlineMs` after the
 * last successful renewal was *sent* ({@link LeaderElector.isLeader} turns false on that instant,
 * a timer aborts the leading signal, and no renewal is tried after it). Since a candidate starts
 * counting only once it has seen that renewal, the term ends at least `leaseDurationMs -
 * renewDeadlineMs` before anyone else may start, as long as the clocks run at similar rates. The
 * API server gives no fencing token: a request sent inside the term may still land after it.
 */
export class LeaderElector {
  readonly #client: Reader & Writer;
  readonly #o: ResolvedLeaderElectionOptions;
  #observed = '';
  #observedAt = 0;
  #leader = false;
  #led = false;
  /** Monotonic time (`clock.now()`) at which the current term ends unless renewed. */
  #validUntil = Number.NEGATIVE_INFINITY;
  #lastHolder: string | undefined;

  constructor(client: Reader & Writer, options: LeaderElectionOptions) {
    this.#client = client;
    this.#o = resolveLeaderElectionOptions(options);
  }

  /** This candidate's identity. */
  get identity(): string {
    return this.#o.identity;
  }

  /**
   * Whether this candidate leads now: it acquired the Lease and, by its own monotonic clock, less
   * than `renewDeadlineMs` has passed since it sent its last successful renewal. Computed on every
   * read, so a process resumed after a pause (SIGSTOP, a long GC, a frozen VM) sees `false` before
   * any timer of its own has run.
   */
  get isLeader(): boolean {
    return this.#leader && this.#o.clock.now() < this.#validUntil;
  }

  /** Whether this candidate has led at some point (its term may have ended since). */
  get hasLed(): boolean {
    return this.#led;
  }

  /** `namespace/name` of the Lease. */
  get lease(): string {
    return `${this.#o.namespace}/${this.#o.name}`;
  }

  /** Whether the Lease is released when the election is stopped (see `LeaderElectionOptions.releaseOnCancel`). */
  get releaseOnCancel(): boolean {
    return this.#o.releaseOnCancel;
  }

  /**
   * Campaigns until elected, then leads until `signal` aborts or the term ends. The term ends the
   * moment `renewDeadlineMs` has passed since the last successful renewal was sent (by a timer,
   * and checked again before each renewal): the leading signal is aborted with a
   * {@link NotLeaderError} first, and no renewal is tried after that. Resolves `'stopped'` after
   * `signal` aborted and `'lost'` when the term ended; never rejects (API errors are retried). It
   * never releases the Lease: call {@link LeaderElector.release} once the work of the term has ended.
   */
  async run(signal: AbortSignal, callbacks: LeaderCallbacks): Promise<'stopped' | 'lost'> {
    const { clock, retryPeriodMs, renewDeadlineMs, logger } = this.#o;
    const log = logger.child({ lease: this.lease, identity: this.#o.identity });
    log.info('attempting to acquire leader lease');
    for (;;) {
      const sent = clock.now();
      if (await this.#tryAcquireOrRenew(signal, callbacks)) {
        this.#validUntil = sent + renewDeadlineMs;
        break;
      }
      if (signal.aborted) return 'stopped';
      await clock.sleep(retryPeriodMs, signal).catch(() => undefined);
      if (signal.aborted) return 'stopped';
    }
    this.#leader = true;
    this.#led = true;
    log.info('successfully acquired lease');
    const leading = new AbortController();
    const endTerm = () => {
      if (!leading.signal.aborted) leading.abort(new NotLeaderError(this.lease, this.#o.identity));
    };
    // the fence: a timer ends the term at the deadline even while a renewal hangs
    let fence = new AbortController();
    const arm = () => {
      fence.abort();
      fence = new AbortController();
      clock.sleep(Math.max(0, this.#validUntil - clock.now()), fence.signal).then(endTerm, () => undefined);
    };
    arm();
    callbacks.onStartedLeading(leading.signal);
    let outcome: 'stopped' | 'lost' = 'stopped';
    const stopOrEnd = AbortSignal.any([signal, leading.signal]);
    while (!signal.aborted) {
      await clock.sleep(retryPeriodMs, stopOrEnd).catch(() => undefined);
      if (signal.aborted) break;
      // checked before renewing: a resumed process must not renew a term that has ended
      if (!this.isLeader) {
        outcome = 'lost';
        break;
      }
      const sent = clock.now();
      const renewed = await this.#tryAcquireOrRenew(AbortSignal.any([signal, leading.signal]), callbacks);
      if (!this.isLeader) {
        outcome = signal.aborted ? 'stopped' : 'lost';
        break;
      }
      if (renewed) {
        this.#validUntil = sent + renewDeadlineMs;
        arm();
      }
    }
    fence.abort();
    this.#leader = false;
    if (outcome === 'lost') {
      endTerm();
      log.error('leader election lost: the renew deadline passed');
    } else leading.abort(new Error('leader election stopped'));
    callbacks.onStoppedLeading?.();
    return outcome;
  }

  /**
   * Clears the Lease's holder, if the Lease still names this candidate, so another replica takes
   * over at its next retry instead of after `leaseDurationMs`. Call it only after `run` has
   * resolved and every piece of work of the term has ended. Resolves whether it released; errors
   * are logged, not thrown.
   */
  async release(): Promise<boolean> {
    const { name, namespace, identity, logger } = this.#o;
    const log = logger.child({ lease: this.lease, identity });
    try {
      const lease = (await this.#client.get(LEASE, name, { namespace })) as LeaseObject;
      if (lease.spec?.holderIdentity !== identity) return false;
      await this.#client.update({
        ...lease,
        spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: microTime() },
      } as LeaseObject);
      log.info('released leader lease');
      return true;
    } catch (error) {
      log.warn({ err: error }, 'could not release the leader lease');
      return false;
    }
  }

  async #tryAcquireOrRenew(signal: AbortSignal, callbacks: LeaderCallbacks): Promise<boolean> {
    const { name, namespace, identity, leaseDurationMs, clock } = this.#o;
    const spec = {
      holderIdentity: identity,
      leaseDurationSeconds: Math.ceil(leaseDurationMs / 1000),
      acquireTime: microTime(),
      renewTime: microTime(),
      leaseTransitions: 0,
    };
    let lease: LeaseObject;
    try {
      lease = (await this.#client.get(LEASE, name, { namespace, signal })) as LeaseObject;
    } catch (e) {
      if (!isNotFound(e)) return false;
      try {
        await this.#client.create({ ...LEASE, metadata: { name, namespace }, spec } as LeaseObject, { signal });
        this.#see(identity, callbacks);
        return true;
      } catch (e2) {
        if (!isAlreadyExists(e2) && !isConflict(e2)) this.#o.logger.debug({ err: e2 }, 'creating the lease failed');
        return false;
      }
    }
    const held = lease.spec ?? {};
    const record = JSON.stringify([held.holderIdentity, held.renewTime, held.acquireTime, held.leaseTransitions]);
    if (record !== this.#observed) {
      this.#observed = record;
      this.#observedAt = clock.now();
    }
    const holder = held.holderIdentity ?? '';
    if (holder) this.#see(holder, callbacks);
    if (holder && holder !== identity && this.#observedAt + leaseDurationMs > clock.now()) return false;
    const mine = holder === identity;
    const next: LeaseObject = {
      ...lease,
      spec: {
        ...held,
        ...spec,
        acquireTime: mine && held.acquireTime ? held.acquireTime : spec.acquireTime,
        leaseTransitions: (held.leaseTransitions ?? 0) + (mine ? 0 : 1),
      },
    };
    try {
      const stored = (await this.#client.update(next, { signal })) as LeaseObject;
      const s = stored.spec ?? {};
      this.#observed = JSON.stringify([s.holderIdentity, s.renewTime, s.acquireTime, s.leaseTransitions]);
      this.#observedAt = clock.now();
      this.#see(identity, callbacks);
      return true;
    } catch {
      return false;
    }
  }

  #see(holder: string, callbacks: LeaderCallbacks): void {
    if (holder === this.#lastHolder) return;
    this.#lastHolder = holder;
    callbacks.onNewLeader?.(holder);
  }
}
