import { parseSelector, type Requirement } from '@kubekit/cache';
import type { KubeObject, Selector } from '@kubekit/client';
import type { Predicate } from './predicate.js';

function meets(r: Requirement, value: string | undefined): boolean {
  switch (r.op) {
    case '=':
      return value === r.values[0];
    case '!=':
      return value !== r.values[0];
    case 'in':
      return value !== undefined && r.values.includes(value);
    case 'notin':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return value !== undefined;
    case '!exists':
      return value === undefined;
  }
}

/**
 * Passes events of objects whose labels match `selector` (`app=web,tier in (a,b)`, `!legacy`, or
 * equality pairs); on an update, the new state decides.
 */
export function labelSelector<T extends KubeObject = KubeObject>(selector: Selector): Predicate<T> {
  const requirements = parseSelector(selector, 'labelSelector');
  return (event) => {
    const labels = event.object.metadata?.labels ?? {};
    return requirements.every((r) => meets(r, Object.hasOwn(labels, r.key) ? labels[r.key] : undefined));
  };
}
