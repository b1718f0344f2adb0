import type { KindStrategy } from '../engine/resourceRegistry.js';

/** The namespaces NamespaceLifecycle admission keeps from being deleted. */
const IMMORTAL = new Set(['default', 'kube-system', 'kube-public']);

/**
 * Namespaces: the `kubernetes.io/metadata.name` label, the `kubernetes` spec finalizer and phase
 * Active at creation; a delete turns them `Terminating` (no grace period); `default`,
 * `kube-system` and `kube-public` may not be deleted.
 */
export const namespaceStrategy: KindStrategy = {
  nameRule: 'label',
  applyDefaults: (obj) => {
    const name = obj.metadata?.name;
    if (name) {
      obj.metadata ??= {};
      obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': name };
    }
  },
  prepareForCreate: (obj) => {
    const name = obj.metadata?.name;
    if (obj.metadata && name) obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': name };
    obj.spec = { finalizers: ['kubernetes'] };
    obj.status = { phase: 'Active' };
  },
  statusResets: ['spec'],
  specFinalizers: true,
  returnsDeletedObject: true,
  markDeleting: (obj, now) => {
    obj.metadata ??= {};
    obj.metadata.deletionTimestamp ??= now;
    obj.status = { ...(obj.status as object | undefined), phase: 'Terminating' };
  },
  refuseDelete: (obj) => (IMMORTAL.has(obj.metadata.name) ? 'this namespace may not be deleted' : undefined),
};
