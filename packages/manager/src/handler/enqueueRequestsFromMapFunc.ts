import type { KubeObject } from '@kubekit/core';
import type { Request } from '../reconcile/request.js';
import type { EventHandler } from './eventHandler.js';

/** Turns an object into the requests it should trigger (may read the cache). */
export type MapFunc<T extends KubeObject = KubeObject> = (object: T) => Iterable<Request> | Promise<Iterable<Request>>;

/**
 * Reconciles whatever `map` returns for the object the event is about; on an update, for the old
 * and the new state both (duplicates are dropped by the queue).
 *
 * ```ts
 * // reconcile every Widget that names this ConfigMap in spec.configMap
 * enqueueRequestsFromMapFunc(async (cm) =>
 *   (await mgr.client.list(Widget, { namespace: cm.metadata?.namespace, fieldSelector: { 'spec.configMap': cm.metadata!.name! } }))
 *     .items.map((w) => ({ namespace: w.metadata!.namespace, name: w.metadata!.name! })));
 * ```
 */
export function enqueueRequestsFromMapFunc<T extends KubeObject = KubeObject>(map: MapFunc<T>): EventHandler<T> {
  return async (event) => {
    if (event.type !== 'update') return map(event.object);
    const [a, b] = await Promise.all([map(event.oldObject), map(event.object)]);
    return [...a, ...b];
  };
}
