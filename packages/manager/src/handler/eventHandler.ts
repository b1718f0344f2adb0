import type { InformerEvent } from '@kubekit/cache';
import type { KubeObject } from '@kubekit/core';
import type { Request } from '../reconcile/request.js';

/**
 * Maps a watch event to the requests to reconcile: the object itself, its owner, or whatever a map
 * function says. May be async (a map function may read the cache).
 */
export type EventHandler<T extends KubeObject = KubeObject> = (
  event: InformerEvent<T>,
) => Iterable<Request> | Promise<Iterable<Request>>;
