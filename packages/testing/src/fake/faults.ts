import { setTimeout as sleep } from 'node:timers/promises';
import { FakeApiError } from './engine/apiError.js';

/** Which requests a queued failure applies to. */
export type FaultTarget = 'list' | 'watch' | 'any';

/** A failure to answer instead of serving a request. */
export type InjectedFailure =
  | {
      /** 410 Expired: the resourceVersion is too old (list again). */
      type: 'gone';
    }
  | {
      /** 429 Too Many Requests. */
      type: 'tooManyRequests';
      /** The `Retry-After` the answer carries, in seconds. */
      retryAfterSeconds?: number;
    }
  | {
      /** 500 Internal Error. */
      type: 'internalError';
      /** The message of the `Status`. */
      message?: string;
    };

interface Queued {
  target: FaultTarget;
  failure: InjectedFailure;
}

/**
 * Fault injection for reliability tests of clients against the in-memory server: failures queued
 * for the next requests, added latency, stalled watches, pause and resume, and closing every watch.
 */
export class FaultInjector {
  private readonly queue: Queued[] = [];
  private latency = 0;
  private stalled = false;
  private paused: { promise: Promise<void>; resolve: () => void } | undefined;
  private readonly watchClosers = new Set<() => void>();
  private waiting = 0;

  /** How many watches are open now. */
  get openWatches(): number {
    return this.watchClosers.size;
  }

  /** How many requests {@link FaultInjector.pause} is holding now. */
  get held(): number {
    return this.waiting;
  }

  /** Answers the next `count` matching requests with `failure` (410 Gone, 429 with Retry-After, or 500). */
  failNext(target: FaultTarget, failure: InjectedFailure, count = 1): void {
    for (let i = 0; i < count; i++) this.queue.push({ target, failure });
  }

  /** Delays every request by `ms` (0 turns it off). */
  setLatency(ms: number): void {
    this.latency = Math.max(0, ms);
  }

  /** New watches are accepted (200) but never send an event while `on` is true. */
  stallWatches(on = true): void {
    this.stalled = on;
  }

  /** Whether new watches stall. */
  get watchesStalled(): boolean {
    return this.stalled;
  }

  /** Holds every request until {@link FaultInjector.resume}. */
  pause(): void {
    if (this.paused) return;
    let resolve = () => {};
    const promise = new Promise<void>((r) => {
      resolve = r;
    });
    this.paused = { promise, resolve };
  }

  /** Lets held requests through. */
  resume(): void {
    this.paused?.resolve();
    this.paused = undefined;
  }

  /** Ends every open watch (clients see the stream close and must re-watch). Returns how many. */
  closeWatches(): number {
    const n = this.watchClosers.size;
    for (const close of [...this.watchClosers]) close();
    this.watchClosers.clear();
    return n;
  }

  /** Registers an open watch's closer; returns the function that unregisters it. */
  trackWatch(close: () => void): () => void {
    this.watchClosers.add(close);
    return () => void this.watchClosers.delete(close);
  }

  /**
   * Runs before each resource request: waits while paused and for the latency, then throws the
   * queued failure for this kind of request, if any.
   */
  async before(kind: 'list' | 'watch' | 'other', signal?: AbortSignal): Promise<void> {
    while (this.paused) {
      this.waiting += 1;
      try {
        await this.paused.promise;
      } finally {
        this.waiting -= 1;
      }
    }
    if (this.latency > 0) await sleep(this.latency, undefined, { signal });
    const i = this.queue.findIndex((q) => q.target === 'any' || q.target === kind);
    if (i < 0) return;
    const [q] = this.queue.splice(i, 1);
    if (q) throw failureError(q.failure);
  }
}

function failureError(f: InjectedFailure): FakeApiError {
  switch (f.type) {
    case 'gone':
      return FakeApiError.expired('too old resource version: injected by FaultInjector');
    case 'tooManyRequests': {
      const retryAfterSeconds = f.retryAfterSeconds ?? 1;
      return new FakeApiError('TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds });
    }
    case 'internalError':
      return FakeApiError.internal(f.message ?? 'injected by FaultInjector');
  }
}
