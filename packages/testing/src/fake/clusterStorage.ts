import { startCrdController } from './crdController.js';
import { FakeStorage } from './engine/storage.js';
import type { FakeStorageOptions } from './engine/storageOptions.js';
import { startGarbageCollector } from './garbageCollector.js';
import { builtinResourceTypes } from './kinds/builtinKinds.js';

/** The namespaces a new cluster has, as `kubeadm` leaves them. */
export const DEFAULT_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** A storage set up as a cluster, and the function that stops its controllers. */
export interface ClusterStorage {
  readonly storage: FakeStorage;
  /** Stops the CRD controller and the garbage collector (the objects stay). */
  stop(): void;
}

/**
 * A {@link FakeStorage} that behaves as a fresh cluster: built-in kinds served, the CRD controller
 * and garbage collector following its writes, and the default namespaces created. Both
 * `FakeApiServer` and `FakeClient` start from one.
 */
export function createClusterStorage(options: FakeStorageOptions = {}): ClusterStorage {
  const storage = new FakeStorage(options);
  const clock = options.clock ?? { now: () => Date.now() };
  for (const t of builtinResourceTypes()) storage.registry.add(t);
  const stops = [startCrdController(storage, () => clock.now()), startGarbageCollector(storage)];
  for (const name of DEFAULT_NAMESPACES) {
    storage.create({ group: '', version: 'v1', resource: 'namespaces' }, undefined, { metadata: { name } });
  }
  return {
    storage,
    stop: () => {
      for (const stop of stops) stop();
    },
  };
}
