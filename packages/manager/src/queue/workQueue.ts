import { type Clock, InvalidInputError, systemClock } from '@kubekit/core';
import { DEFAULT_MAX_PRIORITY_STREAK, DEFAULT_QUEUE_NAME } from '../defaults.js';
import { defaultControllerRateLimiter, type RateLimiter } from './rateLimiters.js';

/** Priorities of queued keys: higher goes first. Events of the initial list and resyncs are `low`. */
export const Priority = {
  /** Watch events of objects as they change. */
  normal: 0,
  /** The initial list of a watch and periodic resyncs: work that can wait behind real changes. */
  low: -100,
} as const;

/** Hooks a {@link WorkQueue} reports to (the manager's Prometheus metrics implement them). */
export interface WorkQueueMetrics {
  /** A key was added (also when it was already queued). */
  add(): void;
  /** The number of queued keys changed. */
  depth(n: number): void;
  /**
   * A key was added with a non-zero delay (`addRateLimited` after a failure, `addAfter` of a
   * `Result.requeueAfter`), as controller-runtime counts `workqueue_retries_total`.
   */
  retry(): void;
  /** A key was handed to a worker after waiting `seconds` in the queue. */
  queued(seconds: number): void;
  /** A worker finished a key after `seconds`. */
  worked(seconds: number): void;
}

/** Options of {@link WorkQueue}. */
export interface WorkQueueOptions {
  /** For messages. @default 'queue' */
  name?: string;
  /** Time source for delayed adds, backoff and durations (tests inject fake time). @default the system clock */
  clock?: Clock;
  /** Delays of `addRateLimited`. @default defaultControllerRateLimiter({ clock }) */
  rateLimiter?: RateLimiter;
  /**
   * Starvation guard: after this many keys in a row were taken ahead of a waiting lower-priority
   * key, the key that has waited longest goes next, whatever its priority. @default 10
   */
  maxPriorityStreak?: number;
  /** Metric hooks. @default none */
  metrics?: WorkQueueMetrics;
}

/** {@link WorkQueueOptions} with the defaults filled in. */
export interface ResolvedWorkQueueOptions {
  name: string;
  clock: Clock;
  rateLimiter: RateLimiter;
  maxPriorityStreak: number;
  metrics: WorkQueueMetrics | undefined;
}

/** Fills the defaults of {@link WorkQueueOptions}; throws `InvalidInputError` for a bad `maxPriorityStreak`. */
export function resolveWorkQueueOptions(options: WorkQueueOptions = {}): ResolvedWorkQueueOptions {
  const clock = options.clock ?? systemClock;
  const maxPriorityStreak = options.maxPriorityStreak ?? DEFAULT_MAX_PRIORITY_STREAK;
  if (!Number.isInteger(maxPriorityStreak) || maxPriorityStreak < 1) {
    throw new InvalidInputError('maxPriorityStreak', `must be an integer >= 1, got ${maxPriorityStreak}`);
  }
  return {
    name: options.name ?? DEFAULT_QUEUE_NAME,
    clock,
    rateLimiter: options.rateLimiter ?? defaultControllerRateLimiter({ clock }),
    maxPriorityStreak,
    metrics: options.metrics,
  };
}

/** Options of an add. */
export interface AddOptions {
  /** Higher goes first; see {@link Priority}. A key already queued keeps the higher of the two. @default Priority.normal */
  priority?: number;
}

interface Entry {
  readonly key: string;
  readonly seq: number;
  readonly priority: number;
}

/** A FIFO of entries with O(1) take from the front (Array#shift is O(n) on long arrays). */
class Fifo {
  #items: Entry[] = [];
  #head = 0;

  get size(): number {
    return this.#items.length - this.#head;
  }

  peek(): Entry | undefined {
    return this.#items[this.#head];
  }

  push(entry: Entry): void {
    this.#items.push(entry);
  }

  shift(): Entry | undefined {
    const entry = this.#items[this.#head++];
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return entry;
  }
}

interface Dirty {
  seq: number;
  priority: number;
  addedAt: number;
}

/**
 * The queue between event handlers and workers. A key is queued at most once however often it is
 * added; a key being processed is never handed to a second worker: added meanwhile, it is queued
 * again when the first worker calls `done`. Delayed adds (`addAfter`), per-key backoff
 * (`addRateLimited` / `forget`) and priorities (with a starvation guard) are built in.
 *
 * ```ts
 * const queue = new WorkQueue();
 * queue.add('demo/web');
 * const key = await queue.get(signal); // undefined once shut down
 * try { await work(key); queue.forget(key); } catch { queue.addRateLimited(key); } finally { queue.done(key); }
 * ```
 */
export class WorkQueue {
  /** For messages. */
  readonly name: string;
  readonly #clock: Clock;
  readonly #limiter: RateLimiter;
  readonly #maxStreak: number;
  readonly #metrics: WorkQueueMetrics | undefined;
  /** Queued entries by priority; stale entries (not matching `#dirty`) are skipped. */
  readonly #levels = new Map<number, Fifo>();
  readonly #dirty = new Map<string, Dirty>();
  readonly #processing = new Map<string, number>();
  readonly #waiting = new Map<string, { readyAt: number; abort: AbortController; priority: number }>();
  readonly #getters: ((key: string | undefined) => void)[] = [];
  readonly #idle = new Set<() => void>();
  #queued = 0;
  #seq = 0;
  #streak = 0;
  #shuttingDown = false;

  constructor(options: WorkQueueOptions = {}) {
    const o = resolveWorkQueueOptions(options);
    this.name = o.name;
    this.#clock = o.clock;
    this.#limiter = o.rateLimiter;
    this.#maxStreak = o.maxPriorityStreak;
    this.#metrics = o.metrics;
  }

  /** Keys queued and not yet handed out (not counting delayed ones or those in work). */
  get length(): number {
    return this.#queued;
  }

  /** Keys handed to workers and not yet `done`. */
  get processing(): number {
    return this.#processing.size;
  }

  /** Keys waiting for a delayed add. */
  get delayed(): number {
    return this.#waiting.size;
  }

  /**
   * The work on keys handed out and not yet `done`: the seconds spent on them so far, summed, and
   * those of the longest-running one (0 when none is in work).
   */
  inProgress(): {
    /** Seconds spent so far on every key in work, summed. */
    unfinishedSeconds: number;
    /** Seconds spent so far on the longest-running key. */
    longestSeconds: number;
  } {
    const now = this.#clock.now();
    let total = 0;
    let longest = 0;
    for (const started of this.#processing.values()) {
      const ms = Math.max(0, now - started);
      total += ms;
      longest = Math.max(longest, ms);
    }
    return { unfinishedSeconds: total / 1000, longestSeconds: longest / 1000 };
  }

  /** Whether `shutDown` was called. */
  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Queues `key` (once: a queued key is not queued twice). Ignored after shutdown. */
  add(key: string, options: AddOptions = {}): void {
    if (this.#shuttingDown) return;
    const priority = options.priority ?? Priority.normal;
    this.#metrics?.add();
    const dirty = this.#dirty.get(key);
    if (dirty) {
      if (priority > dirty.priority && !this.#processing.has(key)) {
        dirty.priority = priority;
        dirty.seq = ++this.#seq;
        this.#push({ key, seq: dirty.seq, priority }); // the old entry is now stale
      } else if (priority > dirty.priority) dirty.priority = priority;
      return;
    }
    const entry: Dirty = { seq: ++this.#seq, priority, addedAt: this.#clock.now() };
    this.#dirty.set(key, entry);
    if (this.#processing.has(key)) return; // queued again by done()
    this.#enqueue(key, entry);
  }

  /** Queues `key` after `ms` (at once when `ms <= 0`). A key already waiting keeps the earlier time. */
  addAfter(key: string, ms: number, options: AddOptions = {}): void {
    if (this.#shuttingDown) return;
    if (ms <= 0) {
      this.add(key, options);
      return;
    }
    this.#metrics?.retry();
    const readyAt = this.#clock.now() + ms;
    const existing = this.#waiting.get(key);
    if (existing && existing.readyAt <= readyAt) return;
    existing?.abort.abort();
    const abort = new AbortController();
    this.#waiting.set(key, { readyAt, abort, priority: options.priority ?? Priority.normal });
    this.#clock.sleep(ms, abort.signal).then(
      () => {
        this.#waiting.delete(key);
        this.add(key, options);
      },
      () => undefined,
    );
  }

  /** Queues `key` after its backoff (see the rate limiter). */
  addRateLimited(key: string, options: AddOptions = {}): void {
    if (this.#shuttingDown) return;
    this.addAfter(key, this.#limiter.when(key), options);
  }

  /** Resets `key`'s backoff (after a success). */
  forget(key: string): void {
    this.#limiter.forget(key);
  }

  /** How many times `key` was retried since it was last forgotten. */
  retries(key: string): number {
    return this.#limiter.retries(key);
  }

  /**
   * The next key, once there is one; the caller owns it until `done(key)`. Resolves `undefined`
   * once the queue shuts down or `signal` aborts.
   */
  get(signal?: AbortSignal): Promise<string | undefined> {
    const key = this.#shuttingDown ? undefined : this.#pop();
    if (key !== undefined || this.#shuttingDown || signal?.aborted) return Promise.resolve(key);
    return new Promise((resolve) => {
      const onAbort = () => {
        const i = this.#getters.indexOf(deliver);
        if (i >= 0) this.#getters.splice(i, 1);
        resolve(undefined);
      };
      const deliver = (k: string | undefined) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(k);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#getters.push(deliver);
    });
  }

  /** Ends the work on `key`; if it was added meanwhile, it is queued again now. */
  done(key: string): void {
    const started = this.#processing.get(key);
    if (started === undefined) return;
    this.#processing.delete(key);
    this.#metrics?.worked((this.#clock.now() - started) / 1000);
    const dirty = this.#dirty.get(key);
    if (dirty && !this.#shuttingDown) this.#enqueue(key, dirty);
    if (this.#processing.size === 0) for (const wake of this.#idle) wake();
  }

  /**
   * Stops the queue: waiting `get`s resolve `undefined`, queued and delayed keys are dropped, adds
   * are ignored. Keys in work stay owned by their workers; `drain()` waits for them.
   */
  shutDown(): void {
    if (this.#shuttingDown) return;
    this.#shuttingDown = true;
    for (const w of this.#waiting.values()) w.abort.abort();
    this.#waiting.clear();
    this.#levels.clear();
    this.#dirty.clear();
    this.#queued = 0;
    this.#metrics?.depth(0);
    for (const deliver of this.#getters.splice(0)) deliver(undefined);
  }

  /** Resolves once no key is in work (at once when none is). */
  async drain(): Promise<void> {
    while (this.#processing.size > 0) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#idle.delete(wake);
          resolve();
        };
        this.#idle.add(wake);
      });
    }
  }

  #enqueue(key: string, dirty: Dirty): void {
    const getter = this.#getters.shift();
    if (getter) {
      this.#dirty.delete(key);
      this.#start(key, dirty);
      getter(key);
      return;
    }
    this.#push({ key, seq: dirty.seq, priority: dirty.priority });
  }

  #push(entry: Entry): void {
    let level = this.#levels.get(entry.priority);
    if (!level) {
      level = new Fifo();
      this.#levels.set(entry.priority, level);
    }
    level.push(entry);
    this.#queued = this.#dirty.size - this.#dirtyInProcessing();
    this.#metrics?.depth(this.#queued);
  }

  #dirtyInProcessing(): number {
    let n = 0;
    for (const key of this.#processing.keys()) if (this.#dirty.has(key)) n++;
    return n;
  }

  #pop(): string | undefined {
    for (;;) {
      let top: Fifo | undefined;
      let topPriority = Number.NEGATIVE_INFINITY;
      let oldest: Fifo | undefined;
      let waitingLevels = 0;
      for (const [priority, level] of this.#levels) {
        const head = level.peek();
        if (!head) continue;
        waitingLevels++;
        if (priority > topPriority) {
          top = level;
          topPriority = priority;
        }
        if (!oldest || head.seq < (oldest.peek() as Entry).seq) oldest = level;
      }
      if (!top) return undefined;
      // starvation guard: after a streak ahead of lower priorities, the oldest head goes next
      const from = waitingLevels > 1 && this.#streak >= this.#maxStreak ? (oldest as Fifo) : top;
      const entry = from.shift() as Entry;
      const dirty = this.#dirty.get(entry.key);
      if (!dirty || dirty.seq !== entry.seq || this.#processing.has(entry.key)) continue; // stale
      this.#streak = waitingLevels > 1 && from === top ? this.#streak + 1 : 0;
      this.#dirty.delete(entry.key);
      this.#start(entry.key, dirty);
      return entry.key;
    }
  }

  #start(key: string, dirty: Dirty): void {
    const now = this.#clock.now();
    this.#processing.set(key, now);
    this.#metrics?.queued((now - dirty.addedAt) / 1000);
    this.#queued = this.#dirty.size - this.#dirtyInProcessing();
    this.#metrics?.depth(this.#queued);
  }
}
