import {
  Backoff,
  type BackoffOptions,
  type Clock,
  findReason,
  isGone,
  type KubeObject,
  systemClock,
} from '@kubekit/core';
import { setListItemKinds } from '@kubekit/core/internal';
import {
  DEFAULT_IDLE_MARGIN_MS,
  DEFAULT_MIN_WATCH_TIMEOUT_MS,
  DEFAULT_PAGE_SIZE,
  DEFAULT_STREAMING_LIST,
} from '../defaults.js';
import type { StoreChange, StoreReplacement, StoreWriter } from '../store/store.js';
import type { ListerWatcher } from './listerWatcher.js';

/** The reflector's backoff after failures: `@kubekit/core`'s {@link BackoffOptions}, on the reflector's clock and random source. */
export type ReflectorBackoffOptions = Omit<BackoffOptions, 'clock' | 'random'>;

/** Options of {@link Reflector}. */
export interface ReflectorOptions {
  /** Objects per list page. @default 500 */
  pageSize?: number;
  /**
   * Fill the store with a streaming list (a watch with `sendInitialEvents=true`) instead of a
   * paged list. A server that does not honour it (a 400/422 answer, or a watch that runs to its
   * timeout without the `k8s.io/initial-events-end` bookmark) makes the reflector fall back to
   * list+watch for good; a streaming list the server ends early (as it shuts down) is followed by
   * one paged list. @default true
   */
  streamingList?: boolean;
  /**
   * Shortest server-side watch timeout, in ms; each watch asks for a random value between this and
   * twice this (in whole seconds, as the server takes it), so connections rotate. @default 300_000
   */
  minWatchTimeoutMs?: number;
  /** Extra time past the watch timeout with no event or bookmark before the watch counts as stalled. @default 30_000 */
  idleMarginMs?: number;
  /** Backoff after failures. @default see {@link BackoffOptions} */
  backoff?: ReflectorBackoffOptions;
  /** Time source for backoff and the idle timeout. @default systemClock */
  clock?: Clock;
  /** Random numbers in [0, 1) for jitter and the watch timeout. @default Math.random */
  random?: () => number;
}

/** {@link ReflectorOptions} with every default filled in. */
export interface ResolvedReflectorOptions {
  pageSize: number;
  streamingList: boolean;
  minWatchTimeoutMs: number;
  idleMarginMs: number;
  backoff: ReflectorBackoffOptions;
  clock: Clock;
  random: () => number;
}

/** Fills in the defaults of {@link ReflectorOptions}. */
export function resolveReflectorOptions(options: ReflectorOptions = {}): ResolvedReflectorOptions {
  return {
    pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
    streamingList: options.streamingList ?? DEFAULT_STREAMING_LIST,
    minWatchTimeoutMs: options.minWatchTimeoutMs ?? DEFAULT_MIN_WATCH_TIMEOUT_MS,
    idleMarginMs: options.idleMarginMs ?? DEFAULT_IDLE_MARGIN_MS,
    backoff: options.backoff ?? {},
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
  };
}

/** Where a reflector is. */
export type ReflectorPhase = 'syncing' | 'synced' | 'backingOff' | 'stopped';

/** A reflector's state, as its `status` property and its `status` events report it. */
export interface ReflectorStatus {
  /** Listing, synced (watching), waiting to retry, or stopped. */
  readonly phase: ReflectorPhase;
  /** Whether the first list has filled the store (stays true through later relists). */
  readonly hasSynced: boolean;
  /** The last error, until the next successful list or watch event. */
  readonly lastError: unknown;
  /** The resourceVersion the next watch starts from. */
  readonly resourceVersion: string;
}

/** What a reflector reports, told apart by `type`. */
export type ReflectorEvent<T extends KubeObject = KubeObject> =
  /**
   * Store changes: from a (re)list when `relist` is true, else from one watch event. `initial` is
   * true for the first fill of the store (the initial list: only `add`s), false for every later
   * relist, whose changes are the difference to what the store held.
   */
  | {
      /** The store changed. */
      readonly type: 'changes';
      /** The changes, in the order they were made. */
      readonly changes: readonly StoreChange<T>[];
      /** Whether they come from a (re)list rather than one watch event. */
      readonly relist: boolean;
      /** Whether they are the first fill of the store. */
      readonly initial: boolean;
    }
  | {
      /** The status changed. */
      readonly type: 'status';
      /** The new status. */
      readonly status: ReflectorStatus;
    }
  /** A list or watch failed; the reflector retries after `retryInMs`. */
  | {
      /** A list or watch failed. */
      readonly type: 'error';
      /** What failed, as thrown. */
      readonly error: unknown;
      /** The backoff before the next attempt, in ms. */
      readonly retryInMs: number;
    }
  /** The server answered 410 Gone (the resourceVersion is too old): the reflector lists again. */
  | {
      /** A relist follows. */
      readonly type: 'relist';
      /** The 410 Gone error. */
      readonly error: unknown;
    }
  /** A watch bookmark moved the resourceVersion on without any change to the store. */
  | {
      /** A bookmark arrived. */
      readonly type: 'bookmark';
      /** The resourceVersion the next watch starts from. */
      readonly resourceVersion: string;
    };

/** The annotation of the bookmark that ends the initial events of a streaming list. */
const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

/** A watch that ended without a single event in less than this is treated like a failure (no hot loop). */
const SHORT_WATCH_MS = 1_000;

/**
 * Keeps a store equal to the server for one kind and scope. It fills the store, replacing it
 * atomically: by default with a streaming list (a watch with `sendInitialEvents=true`) that then
 * goes on as the watch; with a paged list followed by a watch from the list's resourceVersion when
 * `streamingList` is off, for good once the server has refused a streaming list, and once after a
 * streaming list the server cut short. Every event and bookmark advances the resourceVersion. A 410 Gone
 * fills the store again and reports the difference (including deletes missed in the gap); any other
 * failure backs off with jitter and tries again — it never stops until its signal aborts. A watch
 * with no event or bookmark for longer than its timeout plus a margin is restarted.
 */
export class Reflector<T extends KubeObject = KubeObject> {
  readonly #lw: ListerWatcher<T>;
  readonly #store: StoreWriter<T>;
  readonly #options: ResolvedReflectorOptions;
  readonly #backoff: Backoff;
  readonly #listeners = new Set<(event: ReflectorEvent<T>) => void>();
  #status: ReflectorStatus = { phase: 'syncing', hasSynced: false, lastError: undefined, resourceVersion: '' };
  /** Whether the store must be (re)filled before watching on. */
  #needList = true;
  /** Whether to fill it with a streaming list; turned off for good when the server does not support one. */
  #streaming: boolean;
  /** Whether the next fill is a paged list although streaming is on: the last streaming list was cut. */
  #pagedOnce = false;
  /** The 410 that ended the last watch. */
  #gone: unknown;

  constructor(lw: ListerWatcher<T>, store: StoreWriter<T>, options: ReflectorOptions = {}) {
    this.#lw = lw;
    this.#store = store;
    this.#options = resolveReflectorOptions(options);
    this.#backoff = new Backoff({ ...this.#options.backoff, clock: this.#options.clock, random: this.#options.random });
    this.#streaming = this.#options.streamingList;
  }

  /** Whether the next (re)list is a streaming list (false once the server proved not to support one). */
  get streamingList(): boolean {
    return this.#streaming;
  }

  /** The current state. */
  get status(): ReflectorStatus {
    return this.#status;
  }

  /** Calls `listener` on every event; returns the unsubscribe function. */
  subscribe(listener: (event: ReflectorEvent<T>) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Lists and watches until `signal` aborts; settles (never rejects) once stopped. */
  async start(signal: AbortSignal): Promise<void> {
    this.#needList = true;
    while (!signal.aborted) {
      try {
        const streaming = this.#needList && this.#streaming && !this.#pagedOnce;
        if (this.#needList && !streaming) await this.#list(signal);
        const outcome = await this.#watch(signal, streaming);
        if (outcome === 'gone') {
          this.#needList = true;
          this.#emit({ type: 'relist', error: this.#gone });
        } else if (outcome === 'unsupported') this.#streaming = false;
        else if (outcome === 'cut') this.#pagedOnce = true;
        else if (outcome === 'empty') await this.#sleep(this.#backoff.next(), signal);
      } catch (error) {
        if (signal.aborted) break;
        if (isGone(error)) {
          this.#needList = true;
          this.#emit({ type: 'relist', error });
          continue;
        }
        const retryAfter = findReason(error, 'TooManyRequests')?.retryAfterSeconds;
        const retryInMs = retryAfter !== undefined ? retryAfter * 1000 : this.#backoff.next();
        this.#setStatus({ phase: 'backingOff', lastError: error });
        this.#emit({ type: 'error', error, retryInMs });
        await this.#sleep(retryInMs, signal);
        if (!signal.aborted)
          this.#setStatus({ phase: this.#status.hasSynced && !this.#needList ? 'synced' : 'syncing' });
      }
    }
    this.#setStatus({ phase: 'stopped' });
  }

  async #list(signal: AbortSignal): Promise<void> {
    if (!this.#status.hasSynced) this.#setStatus({ phase: 'syncing' });
    const next = this.#store.replacement();
    let resourceVersion = '';
    for await (const page of this.#lw.listPages({ pageSize: this.#options.pageSize, signal })) {
      // the store holds objects with their kind, as watch events bring them (built-in list items lack it)
      setListItemKinds(page);
      for (const obj of page.items) next.put(obj);
      resourceVersion = page.metadata.resourceVersion ?? resourceVersion;
    }
    signal.throwIfAborted();
    this.#pagedOnce = false;
    this.#filled(next, resourceVersion);
  }

  /** Swaps a full list into the store and reports the difference. */
  #filled(next: StoreReplacement<T>, resourceVersion: string): void {
    const changes = next.commit();
    const initial = !this.#status.hasSynced;
    this.#needList = false;
    this.#setStatus({ phase: 'synced', hasSynced: true, lastError: undefined, resourceVersion });
    this.#emit({ type: 'changes', changes, relist: true, initial });
  }

  /**
   * One watch; says why it ended. With `streaming`, it first collects the initial events and
   * fills the store at the `initial-events-end` bookmark, then goes on as a plain watch.
   */
  async #watch(signal: AbortSignal, streaming: boolean): Promise<'gone' | 'closed' | 'empty' | 'unsupported' | 'cut'> {
    const { clock, minWatchTimeoutMs, idleMarginMs, random } = this.#options;
    const timeoutSeconds = Math.round((minWatchTimeoutMs / 1000) * (1 + random()));
    const idleMs = timeoutSeconds * 1000 + idleMarginMs;
    const attempt = new AbortController();
    const stop = () => attempt.abort(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    const started = clock.now();
    let lastSeen = started;
    let events = 0;
    const watchdog = (async () => {
      while (!attempt.signal.aborted) {
        const wait = lastSeen + idleMs - clock.now();
        if (wait <= 0) return attempt.abort(new Error('watch stalled'));
        await clock.sleep(wait, attempt.signal).catch(() => undefined);
      }
    })();
    // a streaming list's objects go into the replacement as they arrive (transformed at once)
    let initial: StoreReplacement<T> | undefined = streaming ? this.#store.replacement() : undefined;
    try {
      const stream = this.#lw.watch({
        resourceVersion: streaming ? '' : this.#status.resourceVersion,
        timeoutSeconds,
        signal: attempt.signal,
        ...(streaming ? { sendInitialEvents: true } : {}),
      });
      for await (const event of stream) {
        lastSeen = clock.now();
        events++;
        if (event.type === 'ERROR') {
          if (isGone(event.error)) {
            this.#gone = event.error;
            return 'gone';
          }
          if (initial && refusesStreaming(event.error)) return 'unsupported';
          throw event.error;
        }
        const resourceVersion = event.object.metadata?.resourceVersion ?? this.#status.resourceVersion;
        if (event.type === 'BOOKMARK') {
          const at = event.resourceVersion || resourceVersion;
          if (initial && event.object.metadata?.annotations?.[INITIAL_EVENTS_END] === 'true') {
            this.#filled(initial, at);
            initial = undefined;
          } else if (!initial) {
            this.#setStatus({ resourceVersion: at });
            this.#emit({ type: 'bookmark', resourceVersion: at });
          }
          continue;
        }
        if (initial) {
          if (event.type === 'DELETED') initial.remove(event.object);
          else initial.put(event.object);
          continue;
        }
        const change = event.type === 'DELETED' ? this.#store.delete(event.object) : this.#store.apply(event.object);
        this.#setStatus({ resourceVersion, lastError: undefined });
        if (change) this.#emit({ type: 'changes', changes: [change], relist: false, initial: false });
      }
    } catch (error) {
      if (initial && !signal.aborted && refusesStreaming(error)) return 'unsupported';
      throw error;
    } finally {
      signal.removeEventListener('abort', stop);
      attempt.abort();
      await watchdog;
    }
    if (initial && !signal.aborted && events > 0) {
      // A server that ignores sendInitialEvents sends every object and goes on until the watch's
      // timeout, never sending the end bookmark. One that ends the watch sooner cut the streaming
      // list short (an API server shutting down ends its watches so): the next fill is paged, once.
      return clock.now() - started >= timeoutSeconds * 1000 - SHORT_WATCH_MS ? 'unsupported' : 'cut';
    }
    return events === 0 && clock.now() - started < SHORT_WATCH_MS ? 'empty' : 'closed';
  }

  async #sleep(ms: number, signal: AbortSignal): Promise<void> {
    await this.#options.clock.sleep(ms, signal).catch(() => undefined);
  }

  /** Updates the status; emits a `status` event when anything but the resourceVersion changed. */
  #setStatus(patch: Partial<ReflectorStatus>): void {
    const old = this.#status;
    this.#status = { ...old, ...patch };
    const s = this.#status;
    if (s.phase !== old.phase || s.hasSynced !== old.hasSynced || s.lastError !== old.lastError) {
      this.#emit({ type: 'status', status: s });
    }
  }

  #emit(event: ReflectorEvent<T>): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // a listener's failure must not stop the reflector; listeners report their own errors
      }
    }
  }
}

/** Whether an error says the server does not take a streaming list (400 Bad Request, 422 Invalid). */
function refusesStreaming(error: unknown): boolean {
  const reason = (error as { reason?: unknown } | undefined)?.reason;
  return reason === 'BadRequest' || reason === 'Invalid';
}
