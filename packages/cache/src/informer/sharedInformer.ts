import { type Clock, compareResourceVersions, isGone, isRetryable, type KubeObject } from '@kubekit/core';
import { DEFAULT_INFORMER_NAME, DEFAULT_RESYNC_MS } from '../defaults.js';
import { CacheSyncError, CacheSyncTimeoutError, InformerStoppedError } from '../errors.js';
import type { ListerWatcher } from '../reflector/listerWatcher.js';
import {
  Reflector,
  type ReflectorOptions,
  type ReflectorPhase,
  resolveReflectorOptions,
} from '../reflector/reflector.js';
import {
  type IndexFunc,
  resolveStoreOptions,
  Store,
  type StoreChange,
  type StoreOptions,
  type StoreReader,
} from '../store/store.js';
import { HandlerQueue } from './handlerQueue.js';

/** Options of {@link SharedInformer.subscribe}. */
export interface SubscribeOptions {
  /** Names the handler in its lag report ({@link SharedInformer.handlerLag}, `onHandlerLag`). @default unnamed: not reported */
  name?: string;
}

/** How far one named handler is behind: events queued for it and how long the oldest has waited. */
export interface HandlerLag {
  /** The handler's name (see {@link SubscribeOptions}). */
  readonly name: string;
  /** Events queued and not yet handled. */
  readonly pending: number;
  /** Age of the oldest queued event, in ms; 0 with none queued. */
  readonly oldestEventAgeMs: number;
}

/**
 * What a handler receives, told apart by `type`: `add`, `update` (old and new state; old === new on
 * a resync) and `delete` (the last known state, also for deletes found by a relist).
 *
 * `initial` is `true` on the `add`s that hand a handler the objects the informer held before it
 * saw any change: those of the initial list, and those a handler added after the first sync first
 * receives (kube-rs's `InitApply`). Events of real changes, relists after a 410 Gone and resyncs
 * leave it out.
 */
export type InformerEvent<T extends KubeObject = KubeObject> = StoreChange<T> & {
  /** `true` on an `add` of the initial list or of a late handler's replay; absent otherwise. */
  readonly initial?: boolean;
};

/** A handler of informer events; a returned promise is awaited before its next event. */
export type InformerHandler<T extends KubeObject = KubeObject> = (event: InformerEvent<T>) => void | Promise<void>;

/** Options of {@link SharedInformer}. */
export interface SharedInformerOptions<T extends KubeObject = KubeObject> extends StoreOptions<T>, ReflectorOptions {
  /** A name for messages and errors, e.g. the kind and namespace. @default 'informer' */
  name?: string;
  /** Redeliver every cached object as an `update` this often, in ms; 0 turns resync off. @default 0 */
  resyncMs?: number;
  /** Called when a handler throws or rejects. @default reports with `console.error` (the informer cache logs it through its logger) */
  onHandlerError?: (error: unknown, event: InformerEvent<T>) => void;
  /**
   * Called once when a named handler falls behind (its queue reaches `handlerLagEvents` events, or
   * its oldest queued event has waited `handlerLagMs`), again only after it caught up. @default none
   */
  onHandlerLag?: (lag: HandlerLag) => void;
  /** Queued events that count as a handler falling behind. @default 1000 */
  handlerLagEvents?: number;
  /** Age of a handler's oldest queued event that counts as falling behind, in ms. @default 10_000 */
  handlerLagMs?: number;
}

/** An informer's state: where its reflector is, its last error and what it holds. */
export interface InformerStatus {
  /** Where the reflector is: listing, synced, waiting to retry, or stopped. */
  readonly phase: ReflectorPhase;
  /** Whether the first list has filled the store (stays true through later relists). */
  readonly hasSynced: boolean;
  /** The last list or watch error, until the next success. */
  readonly lastError: unknown;
  /** The resourceVersion the store is at: the next watch starts from it. */
  readonly resourceVersion: string;
  /** Number of cached objects. */
  readonly objects: number;
  /** Approximate bytes of cached objects. */
  readonly bytes: number;
}

/** What {@link SharedInformer.onStatus} listeners receive, told apart by `type`. */
export type InformerStatusEvent =
  /** The phase, `hasSynced` or `lastError` changed. */
  | {
      /** The status changed. */
      readonly type: 'status';
      /** The new status. */
      readonly status: InformerStatus;
    }
  /** A list or watch failed; the informer retries after `retryInMs`. */
  | {
      /** A list or watch failed. */
      readonly type: 'error';
      /** What failed, as thrown. */
      readonly error: unknown;
      /** The backoff before the next attempt, in ms. */
      readonly retryInMs: number;
    }
  /** The server answered 410 Gone (the resourceVersion is too old): the informer lists again. */
  | {
      /** A relist follows. */
      readonly type: 'relist';
      /** The 410 Gone error. */
      readonly error: unknown;
    };

/** What {@link SharedInformer.waitForSync} takes. */
export interface WaitForSyncOptions {
  /** Stops waiting; rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Gives up after this many ms with a `CacheSyncTimeoutError`. @default no timeout */
  timeoutMs?: number;
}

/**
 * One kind in one scope: a reflector filling a store, and any number of handlers, each with its
 * own queue so a slow handler never delays the store or the other handlers. The initial list
 * reaches handlers as `add`s marked `initial: true`; a handler added after the first sync first
 * receives every cached object so (see {@link InformerEvent}).
 *
 * ```ts
 * const informer = new SharedInformer(clientListerWatcher(client, Widget, { namespace: 'demo' }));
 * informer.subscribe((e) => console.log(e.type, e.object.metadata?.name));
 * void informer.start(signal);
 * await informer.waitForSync({ timeoutMs: 30_000 });
 * ```
 */
export class SharedInformer<T extends KubeObject = KubeObject> {
  /** A name for messages, e.g. `Widget.test.kubekit.dev/v1 in demo`. */
  readonly name: string;
  readonly #store: Store<T>;
  readonly #reflector: Reflector<T>;
  readonly #queues = new Set<HandlerQueue<InformerEvent<T>>>();
  readonly #names = new Map<HandlerQueue<InformerEvent<T>>, string>();
  readonly #lagOptions: Pick<SharedInformerOptions<T>, 'onHandlerLag' | 'handlerLagEvents' | 'handlerLagMs'>;
  readonly #waiters = new Set<() => void>();
  readonly #statusListeners = new Set<(event: InformerStatusEvent) => void>();
  readonly #clock: Clock;
  readonly #resyncMs: number;
  readonly #onHandlerError: (error: unknown, event: InformerEvent<T>) => void;
  #stopped = false;

  constructor(lw: ListerWatcher<T>, options: SharedInformerOptions<T> = {}) {
    this.name = options.name ?? DEFAULT_INFORMER_NAME;
    const reflector = resolveReflectorOptions(options);
    this.#clock = reflector.clock;
    this.#resyncMs = options.resyncMs ?? DEFAULT_RESYNC_MS;
    this.#onHandlerError =
      options.onHandlerError ?? ((error) => console.error(`handler of ${this.name} failed:`, error));
    this.#lagOptions = {
      ...(options.onHandlerLag && { onHandlerLag: options.onHandlerLag }),
      ...(options.handlerLagEvents !== undefined && { handlerLagEvents: options.handlerLagEvents }),
      ...(options.handlerLagMs !== undefined && { handlerLagMs: options.handlerLagMs }),
    };
    this.#store = new Store<T>(resolveStoreOptions(options));
    this.#reflector = new Reflector(lw, this.#store, reflector);
    this.#reflector.subscribe((event) => {
      if (event.type === 'changes') {
        // with no handler (a cache only read from) there is nothing to mark or deliver
        const changes = this.#queues.size > 0 ? event.changes : [];
        for (const change of changes) {
          const out: InformerEvent<T> = event.initial ? { ...change, initial: true } : change;
          for (const queue of this.#queues) queue.push(out);
        }
      } else if (event.type !== 'bookmark') {
        const out: InformerStatusEvent = event.type === 'status' ? { type: 'status', status: this.status } : event;
        for (const listener of this.#statusListeners) listener(out);
      }
      for (const wake of this.#waiters) wake();
    });
  }

  /** The cached objects (read-only, shared: never change them). */
  get store(): StoreReader<T> {
    return this.#store;
  }

  /** Whether the first list has filled the store. */
  get hasSynced(): boolean {
    return this.#reflector.status.hasSynced;
  }

  /** The resourceVersion the informer has reached (of its list, last event or bookmark). */
  get resourceVersion(): string {
    return this.#reflector.status.resourceVersion;
  }

  /** The lag of each named handler (see {@link SubscribeOptions}). */
  get handlerLag(): HandlerLag[] {
    return [...this.#names].map(([queue, name]) => ({
      name,
      pending: queue.pending,
      oldestEventAgeMs: queue.oldestEventAgeMs,
    }));
  }

  /** The current state; `bytes` is the JSON size of every object (see `StoreReader.bytes`). */
  get status(): InformerStatus {
    const s = this.#reflector.status;
    return { ...s, objects: this.#store.size, bytes: this.#store.bytes };
  }

  /** Adds an index over the cached objects (see `StoreListOptions.index`). */
  addIndex(name: string, fn: IndexFunc<T>): void {
    this.#store.addIndex(name, fn);
  }

  /**
   * Adds a handler; returns its unsubscribe function. When the informer has synced, the handler
   * first receives every cached object as an `add` marked `initial: true`.
   */
  subscribe(handler: InformerHandler<T>, options: SubscribeOptions = {}): () => void {
    const { name } = options;
    const { onHandlerLag, handlerLagEvents, handlerLagMs } = this.#lagOptions;
    const clock = this.#clock;
    const queue = new HandlerQueue<InformerEvent<T>>(handler, this.#onHandlerError, {
      now: () => clock.now(),
      ...(name !== undefined && onHandlerLag && { onLag: (lag) => onHandlerLag({ name, ...lag }) }),
      ...(handlerLagEvents !== undefined && { lagEvents: handlerLagEvents }),
      ...(handlerLagMs !== undefined && { lagMs: handlerLagMs }),
    });
    if (this.hasSynced) for (const object of this.#store.list()) queue.push({ type: 'add', object, initial: true });
    this.#queues.add(queue);
    if (name !== undefined) this.#names.set(queue, name);
    return () => {
      queue.close();
      this.#queues.delete(queue);
      this.#names.delete(queue);
    };
  }

  /**
   * Calls `listener` when the informer's state changes and on every list or watch error (errors
   * are never swallowed); returns the unsubscribe function.
   */
  onStatus(listener: (event: InformerStatusEvent) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** Resolves once every handler has received every event queued so far (for tests and shutdown). */
  async idle(): Promise<void> {
    for (const queue of this.#queues) await queue.idle();
  }

  /**
   * Resolves once the store is filled. Rejects at once with a `CacheSyncError` when the server
   * refused the list with an error retrying will not fix (403, unknown kind...), with a
   * `CacheSyncTimeoutError` after `timeout`, and with an `InformerStoppedError` once stopped.
   */
  async waitForSync(options: WaitForSyncOptions = {}): Promise<void> {
    if (!(await this.#waitUntil(() => this.hasSynced, options))) {
      throw new CacheSyncTimeoutError(this.name, options.timeoutMs ?? 0, this.#reflector.status.lastError);
    }
  }

  /**
   * Whether the informer has seen `resourceVersion`: its store reflects every change up to it (a
   * list, watch event or bookmark at or past it). `undefined` when either resourceVersion is not
   * an integer (see `compareResourceVersions`), or before the first sync.
   */
  hasSeen(resourceVersion: string): boolean | undefined {
    if (!this.hasSynced) return undefined;
    const order = compareResourceVersions(this.#reflector.status.resourceVersion, resourceVersion);
    return order === undefined ? undefined : order >= 0;
  }

  /**
   * Resolves to `true` once the informer has synced and seen `resourceVersion` (see
   * {@link SharedInformer.hasSeen}), woken by its events and bookmarks (no polling); to `false`
   * after `timeoutMs`, or when the resourceVersions cannot be compared. Rejects like `waitForSync`
   * while the informer has not synced.
   */
  async waitForResourceVersion(resourceVersion: string, options: WaitForSyncOptions = {}): Promise<boolean> {
    let comparable = true;
    const seen = await this.#waitUntil(() => {
      const seen = this.hasSeen(resourceVersion);
      if (seen === undefined && this.hasSynced) comparable = false;
      return seen === true || !comparable;
    }, options);
    return seen && comparable;
  }

  /** Waits until `done()`, woken by every reflector event; `false` after `timeoutMs`. */
  async #waitUntil(done: () => boolean, options: WaitForSyncOptions): Promise<boolean> {
    const { signal, timeoutMs } = options;
    // the common case: already there; no timer, listener or controller to set up
    signal?.throwIfAborted();
    if (done()) return true;
    const deadline = new AbortController();
    let timedOut = false;
    const timer =
      timeoutMs === undefined
        ? undefined
        : this.#clock.sleep(timeoutMs, deadline.signal).then(
            () => {
              timedOut = true;
              wake();
            },
            () => undefined,
          );
    let wake = () => {};
    const onAbort = () => wake();
    signal?.addEventListener('abort', onAbort);
    try {
      for (;;) {
        signal?.throwIfAborted();
        if (done()) return true;
        const { lastError } = this.#reflector.status;
        if (!this.hasSynced && lastError !== undefined && !isRetryable(lastError) && !isGone(lastError)) {
          throw new CacheSyncError(this.name, lastError);
        }
        if (this.#stopped) throw new InformerStoppedError(this.name);
        if (timedOut) return false;
        await new Promise<void>((resolve) => {
          wake = resolve;
          this.#waiters.add(resolve);
        });
        this.#waiters.delete(wake);
      }
    } finally {
      this.#waiters.delete(wake);
      signal?.removeEventListener('abort', onAbort);
      deadline.abort();
      await timer;
    }
  }

  /** Lists, watches and resyncs until `signal` aborts; settles once stopped (never rejects). */
  async start(signal: AbortSignal): Promise<void> {
    this.#stopped = false;
    await Promise.all([this.#reflector.start(signal), this.#resync(signal)]);
    this.#stopped = true;
    for (const queue of this.#queues) queue.close();
    for (const wake of this.#waiters) wake();
  }

  async #resync(signal: AbortSignal): Promise<void> {
    if (this.#resyncMs <= 0) return;
    while (!signal.aborted) {
      await this.#clock.sleep(this.#resyncMs, signal).catch(() => undefined);
      if (signal.aborted || !this.hasSynced) continue;
      for (const object of this.#store.list()) {
        for (const queue of this.#queues) queue.push({ type: 'update', oldObject: object, object });
      }
    }
  }
}
