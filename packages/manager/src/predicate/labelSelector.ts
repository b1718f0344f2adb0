import { matchesLabels, parseSelector } from '@kubekit/cache';
import type { KubeObject, Selector } from '@kubekit/client';
import type { Predicate } from './predicate.js';

/**
 * Passes events of objects whose labels match `selector` (`app=web,tier in (a,b)`, `!legacy`, or
 * equality pairs); on an update, the new state decides.
 */
export function labelSelector<T extends KubeObject = KubeObject>(selector: Selector): Predicate<T> {
  const requirements = parseSelector(selector, 'labelSelector');
  return (event) => matchesLabels(event.object, requirements);
}
