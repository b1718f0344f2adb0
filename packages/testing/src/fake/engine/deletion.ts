import { FakeApiError, type StatusBody } from './apiError.js';
import type { ResourceType } from './resourceRegistry.js';
import type { DeleteOptions } from './storageOptions.js';
import type { StoredObject } from './types.js';

/** What a delete checks first and answers last, in the real server's words. */

/** Delete preconditions (uid, resourceVersion), refused with the real server's Conflict. */
export function checkPreconditions(type: ResourceType, old: StoredObject, opts: DeleteOptions): void {
  const pre = opts.preconditions;
  const m = old.metadata;
  // Namespaces have a delete of their own, with other words.
  const ownDelete = type.strategy?.specFinalizers === true;
  const named = ownDelete ? type : { ...type, plural: type.kind };
  if (pre?.uid && pre.uid !== m.uid) {
    const why = ownDelete
      ? `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${m.uid}`
      : `the UID in the precondition (${pre.uid}) does not match the UID in record (${m.uid}). The object might have been deleted and then recreated`;
    throw FakeApiError.conflict(named, m.name, why);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== m.resourceVersion) {
    const why = ownDelete
      ? `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${m.resourceVersion}`
      : `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${m.resourceVersion}). The object might have been modified`;
    throw FakeApiError.conflict(named, m.name, why);
  }
}

/** The Success Status a delete answers for kinds that do not return the object. */
export function deletedStatus(type: ResourceType, obj: StoredObject): StatusBody {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: {
      name: obj.metadata.name,
      ...(type.group ? { group: type.group } : {}),
      kind: type.plural,
      uid: obj.metadata.uid,
    },
  } as StatusBody;
}
