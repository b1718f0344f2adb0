import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Writer } from '@kubekit/client';
import { type Clock, consoleLogger, gvkOf, type KubeObject, type Logger, microTime, systemClock } from '@kubekit/core';
import { DEFAULT_SERIES_WINDOW_MS } from '../defaults.js';

/** Options of {@link EventRecorder}. */
export interface EventRecorderOptions {
  /** `reportingController` of the events, e.g. `example.dev/widget-controller`. */
  reportingController: string;
  /** `reportingInstance` of the events. @default the host name */
  reportingInstance?: string;
  /** A repeat of an event (same object, type, reason, action and note) within this window updates its series. @default 360_000 (6 min, as client-go) */
  seriesWindowMs?: number;
  /** Time source of the series window. @default the system clock */
  clock?: Clock;
  /** Where failed writes are reported (an event is never worth failing a reconcile). @default consoleLogger() */
  logger?: Logger;
}

/** {@link EventRecorderOptions} with the defaults filled in. */
export type ResolvedEventRecorderOptions = Required<EventRecorderOptions>;

/** Fills the defaults of {@link EventRecorderOptions}. */
export function resolveEventRecorderOptions(options: EventRecorderOptions): ResolvedEventRecorderOptions {
  return {
    reportingController: options.reportingController,
    reportingInstance: options.reportingInstance ?? hostname(),
    seriesWindowMs: options.seriesWindowMs ?? DEFAULT_SERIES_WINDOW_MS,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? consoleLogger(),
  };
}

/** An event's type. */
export type EventType = 'Normal' | 'Warning';

/** What {@link EventRecorder.event} records about an object. */
export interface EventOptions {
  /** `Normal`, or `Warning` for what a user should look at. */
  type: EventType;
  /** Why the action was taken, in UpperCamelCase (e.g. `Synced`, `FailedCreate`). */
  reason: string;
  /** What was done (or failed), in UpperCamelCase (e.g. `Reconcile`). */
  action: string;
  /** A human-readable message, cut to the API server's limit of 1024 bytes (UTF-8). @default '' */
  note?: string;
}

interface Series {
  name: string;
  namespace: string;
  count: number;
  firstAt: number;
}

/** The API server's limit on an Event's `note`, in bytes of UTF-8. */
const NOTE_LIMIT_BYTES = 1024;

/** `text` cut to at most `maxBytes` bytes of UTF-8, at a character boundary. */
function truncateUtf8(text: string, maxBytes: number): string {
  // encodeInto writes whole characters only; `read` counts the UTF-16 units they came from
  return text.slice(0, new TextEncoder().encodeInto(text, new Uint8Array(maxBytes)).read);
}

/**
 * Records `events.k8s.io/v1` Events about objects (`kubectl describe` and `kubectl events` show
 * them). A repeat of the same event within `seriesWindowMs` does not make a new Event: the first
 * one's `series` (`count`, `lastObservedTime`) is updated, as client-go's recorder does. Writes
 * go out in the background, in order; `flush()` waits for them; failures are logged, not thrown.
 *
 * ```ts
 * mgr.eventRecorder('widget-controller').event(widget, {
 *   type: 'Normal',
 *   reason: 'Synced',
 *   action: 'Reconcile',
 *   note: 'ConfigMap created',
 * });
 * ```
 */
export class EventRecorder {
  readonly #client: Pick<Writer, 'create' | 'patch'>;
  readonly #controller: string;
  readonly #instance: string;
  readonly #windowMs: number;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #series = new Map<string, Series>();
  #tail: Promise<void> = Promise.resolve();

  constructor(client: Pick<Writer, 'create' | 'patch'>, options: EventRecorderOptions) {
    this.#client = client;
    const o = resolveEventRecorderOptions(options);
    this.#controller = o.reportingController;
    this.#instance = o.reportingInstance;
    this.#windowMs = o.seriesWindowMs;
    this.#clock = o.clock;
    this.#logger = o.logger;
  }

  /** Records an event about `regarding`: that `action` happened for `reason` (see {@link EventOptions}). */
  event(regarding: KubeObject, options: EventOptions): void {
    const { type, reason, action, note = '' } = options;
    const { apiVersion, kind } = gvkOf(regarding);
    const meta = regarding.metadata ?? {};
    const key = JSON.stringify([apiVersion, kind, meta.namespace, meta.name, meta.uid, type, reason, action, note]);
    const now = this.#clock.now();
    this.#tail = this.#tail.then(async () => {
      // series are inserted in time order, so the expired ones are at the front
      for (const [k, s] of this.#series) {
        if (now - s.firstAt < this.#windowMs) break;
        this.#series.delete(k);
      }
      const series = this.#series.get(key);
      try {
        if (series) {
          series.count++;
          await this.#client.patch(
            { apiVersion: 'events.k8s.io/v1', kind: 'Event' },
            series.name,
            { type: 'merge', patch: { series: { count: series.count, lastObservedTime: microTime() } } },
            { namespace: series.namespace },
          );
          return;
        }
        const namespace = meta.namespace || 'default';
        const name = `${meta.name ?? 'object'}.${randomBytes(8).toString('hex')}`;
        this.#series.set(key, { name, namespace, count: 1, firstAt: now });
        await this.#client.create({
          apiVersion: 'events.k8s.io/v1',
          kind: 'Event',
          metadata: { name, namespace },
          eventTime: microTime(),
          reportingController: this.#controller,
          reportingInstance: this.#instance,
          action,
          reason,
          type,
          note: truncateUtf8(note, NOTE_LIMIT_BYTES),
          regarding: {
            apiVersion,
            kind,
            name: meta.name,
            ...(meta.namespace && { namespace: meta.namespace }),
            ...(meta.uid && { uid: meta.uid }),
            ...(meta.resourceVersion && { resourceVersion: meta.resourceVersion }),
          },
        } as KubeObject);
      } catch (error) {
        this.#logger.warn({ err: error, reason, object: meta.name }, 'could not record event');
      }
    });
  }

  /** Resolves once every event recorded so far was written (or failed). */
  flush(): Promise<void> {
    return this.#tail;
  }
}
