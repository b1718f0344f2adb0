import { findFakeApiError } from '../fake/engine/apiError.js';
import type { ResourceType } from '../fake/engine/resourceRegistry.js';
import type { FakeStorage } from '../fake/engine/storage.js';
import type { Recording } from './readRecording.js';
import { recordedResourceTypes } from './recordedKinds.js';

/**
 * Serves a recording's kinds from `storage` (whose registry should be empty) and loads its objects
 * exactly as recorded (`FakeStorage.load`), then drops the event history so that a watch from
 * before the recording is 410 Gone. Objects that cannot be served go to `recording.problems`.
 * Returns how many objects were loaded.
 */
export function loadRecording(storage: FakeStorage, recording: Recording): number {
  for (const t of recordedResourceTypes(recording)) storage.registry.add(t);
  let loaded = 0;
  const missing = new Map<string, string[]>();
  for (const o of recording.objects) {
    const type = kindOf(storage, o.group, o.kind);
    if (!type) {
      const key = `${o.group ? `${o.group}/` : ''}${o.version}/${o.kind}`;
      missing.set(key, [...(missing.get(key) ?? []), o.file]);
      continue;
    }
    try {
      storage.load({ group: o.group, version: o.version, resource: type.plural }, o.object);
      loaded++;
    } catch (err) {
      const refused = findFakeApiError(err);
      if (!refused) throw err;
      recording.problems.push({ reason: 'InvalidObject', file: o.file, message: `${o.file}: ${refused.message}` });
    }
  }
  for (const [kind, files] of missing) {
    const [first] = files;
    recording.problems.push({
      reason: 'MissingDefinition',
      file: first as string,
      message:
        `${first}: kind ${kind} is neither in the recorded discovery nor defined by a recorded CustomResourceDefinition;` +
        ` its ${files.length} object(s) are not served`,
    });
  }
  storage.compact();
  return loaded;
}

/** The served kind with this group and Kind. */
export function kindOf(storage: FakeStorage, group: string, kind: string): ResourceType | undefined {
  return storage.registry.findKind(group, kind);
}
