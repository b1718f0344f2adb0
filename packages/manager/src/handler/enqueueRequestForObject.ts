import type { KubeObject } from '@kubekit/core';
import { requestFor } from '../reconcile/request.js';
import type { EventHandler } from './eventHandler.js';

/** Reconciles the object the event is about (the `for` kind of a controller uses this). */
export function enqueueRequestForObject<T extends KubeObject = KubeObject>(): EventHandler<T> {
  return (event) => {
    const request = requestFor(event.object);
    return request ? [request] : [];
  };
}
