import type { ListerWatcher } from '@kubekit/cache';
import type { ApiError, KubeObject, ObjectList, WatchEvent } from '@kubekit/core';

/** One open watch of a {@link ScriptedListerWatcher}: the test pushes its events. */
export class ScriptedWatch {
  readonly #queue: (WatchEvent | Error | 'end')[] = [];
  #wake: (() => void) | undefined;
  closed = false;
  constructor(
    readonly resourceVersion: string,
    readonly timeoutSeconds: number,
    readonly signal: AbortSignal,
    readonly sendInitialEvents = false,
  ) {
    signal.addEventListener('abort', () => this.#notify(), { once: true });
  }
  push(event: WatchEvent | Error | 'end'): void {
    this.#queue.push(event);
    this.#notify();
  }
  #notify(): void {
    this.#wake?.();
  }
  async *events(): AsyncGenerator<WatchEvent> {
    try {
      for (;;) {
        if (this.signal.aborted) return;
        const next = this.#queue.shift();
        if (next === undefined) {
          await new Promise<void>((r) => {
            this.#wake = r;
          });
          continue;
        }
        if (next === 'end') return;
        if (next instanceof Error) throw next;
        yield next;
      }
    } finally {
      this.closed = true;
    }
  }
}

type ListAnswer = { items: KubeObject[]; resourceVersion: string } | Error;

/**
 * A ListerWatcher driven by the test: `lists` answers list calls in order (the last one repeats),
 * and each watch call opens a {@link ScriptedWatch} found in `watches`.
 */
export class ScriptedListerWatcher implements ListerWatcher {
  readonly watches: ScriptedWatch[] = [];
  listCalls = 0;
  #watchWaiters: (() => void)[] = [];
  constructor(public lists: ListAnswer[]) {}

  async *listPages(options: { pageSize: number; signal: AbortSignal }): AsyncIterable<ObjectList<KubeObject>> {
    const answer = this.lists[Math.min(this.listCalls, this.lists.length - 1)] as ListAnswer;
    this.listCalls++;
    options.signal.throwIfAborted();
    if (answer instanceof Error) throw answer;
    const { items, resourceVersion } = answer;
    for (let i = 0; i < Math.max(items.length, 1); i += options.pageSize) {
      yield { metadata: { resourceVersion }, items: items.slice(i, i + options.pageSize) };
    }
  }

  watch(options: {
    resourceVersion: string;
    timeoutSeconds: number;
    signal: AbortSignal;
    sendInitialEvents?: boolean;
  }) {
    const w = new ScriptedWatch(
      options.resourceVersion,
      options.timeoutSeconds,
      options.signal,
      options.sendInitialEvents ?? false,
    );
    this.watches.push(w);
    for (const wake of this.#watchWaiters.splice(0)) wake();
    return w.events();
  }

  /** Resolves with watch number `n` (0-based) once it is open. */
  async watchNumber(n: number): Promise<ScriptedWatch> {
    while (this.watches.length <= n) await new Promise<void>((r) => this.#watchWaiters.push(r));
    return this.watches[n] as ScriptedWatch;
  }
}

/** A Widget-like object. */
export function obj(name: string, resourceVersion: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject {
  return {
    apiVersion: 'test.kubekit.dev/v1',
    kind: 'Widget',
    metadata: { name, namespace: 'ns', resourceVersion, ...extra },
  };
}

/** An ERROR watch event for an API error. */
export function errorEvent(error: ApiError): WatchEvent {
  return { type: 'ERROR', error, status: error.status };
}

/** The bookmark that ends the initial events of a streaming list. */
export function initialEventsEnd(resourceVersion: string): WatchEvent {
  return {
    type: 'BOOKMARK',
    object: { metadata: { resourceVersion, annotations: { 'k8s.io/initial-events-end': 'true' } } },
    resourceVersion,
  };
}
