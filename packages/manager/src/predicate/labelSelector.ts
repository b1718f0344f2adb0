import { type KubeObject, parseLabelSelector, type Selector } from '@kubekit/core';
import type { Predicate } from './predicate.js';

/**
 * Passes events of objects whose labels match `selector` (`app=web,tier in (a,b)`, `!legacy`,
 * `replicas>2`, or equality pairs), parsed and matched as kube-apiserver does; on an update, the
 * new state decides.
 * @throws {@link @kubekit/core!BadRequestError} (with the server's message) for a selector the server refuses, at once.
 */
export function labelSelector<T extends KubeObject = KubeObject>(selector: Selector): Predicate<T> {
  const parsed = parseLabelSelector(selector);
  return (event) => parsed.matches(event.object.metadata?.labels);
}
