import type { StatusCause } from '../engine/apiError.js';
import { required } from '../engine/fieldErrors.js';
import type { KindStrategy } from '../engine/resourceRegistry.js';
import type { FakeObject } from '../engine/types.js';
import { isJsonObject } from './podSpec.js';

/**
 * PersistentVolumeClaims, PersistentVolumes and StorageClasses: their defaults, the protection
 * finalizers the StorageObjectInUseProtection admission adds, and the checks of a claim.
 */

function specOf(obj: FakeObject): Record<string, unknown> {
  if (!isJsonObject(obj.spec)) obj.spec = {};
  return obj.spec as Record<string, unknown>;
}

function addFinalizer(obj: FakeObject, finalizer: string): void {
  obj.metadata ??= {};
  const list = obj.metadata.finalizers ?? [];
  if (!list.includes(finalizer)) obj.metadata.finalizers = [...list, finalizer];
}

function validateClaim(obj: FakeObject): StatusCause[] {
  const spec = isJsonObject(obj.spec) ? obj.spec : {};
  const causes: StatusCause[] = [];
  if (!Array.isArray(spec.accessModes) || spec.accessModes.length === 0) {
    causes.push(required('spec.accessModes', 'at least 1 access mode is required'));
  }
  const resources = isJsonObject(spec.resources) ? spec.resources : {};
  const requests = isJsonObject(resources.requests) ? resources.requests : {};
  if (requests.storage === undefined) causes.push(required('spec.resources[storage]'));
  return causes;
}

/** PersistentVolumeClaims: Filesystem volume mode, phase Pending, the `kubernetes.io/pvc-protection` finalizer. */
export const persistentVolumeClaimStrategy: KindStrategy = {
  applyDefaults: (obj) => {
    specOf(obj).volumeMode ??= 'Filesystem';
  },
  prepareForCreate: (obj) => {
    addFinalizer(obj, 'kubernetes.io/pvc-protection');
    obj.status = { phase: 'Pending' };
  },
  validate: validateClaim,
  statusResets: ['spec'],
  returnsDeletedObject: true,
};

/** PersistentVolumes: Retain, Filesystem, phase Pending since creation, the `kubernetes.io/pv-protection` finalizer. */
export const persistentVolumeStrategy: KindStrategy = {
  applyDefaults: (obj) => {
    const spec = specOf(obj);
    spec.persistentVolumeReclaimPolicy ??= 'Retain';
    spec.volumeMode ??= 'Filesystem';
    if (isJsonObject(spec.hostPath)) spec.hostPath.type ??= '';
  },
  prepareForCreate: (obj, now) => {
    addFinalizer(obj, 'kubernetes.io/pv-protection');
    obj.status = { phase: 'Pending', lastPhaseTransitionTime: now };
  },
  statusResets: ['spec'],
  returnsDeletedObject: true,
};

/** StorageClasses: reclaim policy Delete, binding mode Immediate. */
export const storageClassStrategy: KindStrategy = {
  applyDefaults: (obj) => {
    obj.reclaimPolicy ??= 'Delete';
    obj.volumeBindingMode ??= 'Immediate';
  },
  returnsDeletedObject: true,
};
