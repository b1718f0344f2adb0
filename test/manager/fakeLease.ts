import type { InformerEvent, InformerHandler, InformerLease } from '@kubekit/cache';
import type { KubeObject } from '@kubekit/core';

/** An informer lease the test drives: `objects` is the initial list, `emit` delivers events. */
export class FakeLease implements InformerLease {
  readonly handlers = new Set<InformerHandler>();
  readonly objects: KubeObject[];
  released = false;

  constructor(objects: KubeObject[] = []) {
    this.objects = objects;
  }

  subscribe(handler: InformerHandler): () => void {
    this.handlers.add(handler);
    for (const object of this.objects) void handler({ type: 'add', object, initial: true });
    return () => this.handlers.delete(handler);
  }

  async emit(event: InformerEvent): Promise<void> {
    for (const h of this.handlers) await h(event);
  }

  onStatus(): () => void {
    return () => undefined;
  }

  async waitForSync(): Promise<void> {}

  get handlerLag() {
    return [];
  }

  get hasSynced(): boolean {
    return true;
  }

  get status() {
    return new Map([
      [
        '',
        {
          phase: 'synced' as const,
          hasSynced: true,
          lastError: undefined,
          resourceVersion: '1',
          objects: this.objects.length,
          bytes: 0,
        },
      ],
    ]);
  }

  get stores() {
    const objects = this.objects;
    return new Map([
      ['', { get: () => undefined, list: () => objects, size: objects.length, bytes: 0, indexNames: [] as string[] }],
    ]) as unknown as InformerLease['stores'];
  }

  async release(): Promise<void> {
    this.released = true;
  }
}

/** A ConfigMap-like object. */
export function obj(name: string, extra: Partial<KubeObject['metadata']> = {}, namespace = 'demo'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, resourceVersion: '1', generation: 1, ...extra },
  };
}

/** A promise with its resolve function. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Resolves once `check()` holds, letting pending callbacks run in between (no timers). */
export async function until(check: () => boolean, rounds = 200): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (check()) return;
    await new Promise<void>((r) => setImmediate(r));
  }
  throw new Error('condition not reached');
}
