/**
 * The on-disk layout of a kubekit recording (`kubekit gather` writes it, `kubekit serve` and
 * `FakeApiServer.start({ recording })` read it): the paths and the file types, in one place.
 *
 * A recording is a folder: `recording.json`, `version.json`, the discovery documents under
 * `discovery/`, one YAML document per object under `cluster/` and `namespaces/`, and (when changes
 * were recorded) `watch.jsonl`.
 */
import { join } from 'node:path';

/** The `format` of `recording.json` this layout describes. */
export const RECORDING_FORMAT = 'kubekit.recording/v1';

/** The group folder name of the legacy core group (whose group is `''`). */
export const CORE_GROUP_DIR = 'core';

/** One listed kind of a recording, as `recording.json` names it. */
export interface RecordedKind {
  /** API group; `''` for the core group. */
  group: string;
  version: string;
  kind: string;
  /** Plural resource name in URLs. */
  resource: string;
  namespaced: boolean;
  /** How many objects were written. */
  count: number;
}

/** A list the server refused while recording (a 403 is listed here, not fatal). */
export interface RefusedList {
  group: string;
  version: string;
  resource: string;
  namespace?: string;
  /** HTTP status code. */
  code: number;
  message: string;
}

/** `recording.json`: what was recorded, from where, when. */
export interface RecordingManifest {
  format: typeof RECORDING_FORMAT;
  /** RFC 3339 time the recording started; watch offsets count from it. */
  startedAt: string;
  /** The API server's URL. */
  server: string;
  kinds: RecordedKind[];
  refused: RefusedList[];
  /** How long changes were recorded (with `--watch`). */
  watchDurationMs?: number;
}

/** One line of `watch.jsonl`: a change after the initial state. */
export interface RecordedChange {
  /** Milliseconds from `recording.json` `startedAt`. */
  offsetMs: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  group: string;
  version: string;
  kind: string;
  namespace?: string;
  name: string;
  resourceVersion: string;
  /** The full object (ADDED). */
  object?: Record<string, unknown>;
  /** RFC 6902 operations from the previous recorded state to this one (MODIFIED). */
  patch?: Array<{ op: string; path: string; value?: unknown; from?: string }>;
}

/** Paths inside a recording folder. */
export const RECORDING_FILES = {
  manifest: 'recording.json',
  version: 'version.json',
  discovery: 'discovery',
  coreVersions: join('discovery', 'api.json'),
  groups: join('discovery', 'apis.json'),
  cluster: 'cluster',
  namespaces: 'namespaces',
  watch: 'watch.jsonl',
} as const;

/** `discovery/api/v1.json` or `discovery/apis/<group>/<version>.json`: a group-version's APIResourceList. */
export function discoveryFile(group: string, version: string): string {
  return group === ''
    ? join(RECORDING_FILES.discovery, 'api', `${version}.json`)
    : join(RECORDING_FILES.discovery, 'apis', group, `${version}.json`);
}

/** An object name as a file name: `/` and `%` percent-encoded (`%2F`, `%25`), `:` kept. */
export function encodeObjectName(name: string): string {
  return name.replace(/%/g, '%25').replace(/\//g, '%2F');
}

/** The object name a file name stands for (the reverse of {@link encodeObjectName}). */
export function decodeObjectName(fileName: string): string {
  return fileName.replace(/%2F/gi, '/').replace(/%25/g, '%');
}

/**
 * Where one object is written: `cluster/<group>/<version>/<kind>/<name>.yaml` or
 * `namespaces/<ns>/<group>/<version>/<kind>/<name>.yaml`, group `core` for the legacy group.
 */
export function objectFile(ref: {
  group: string;
  version: string;
  kind: string;
  namespace?: string | undefined;
  name: string;
}): string {
  const group = ref.group === '' ? CORE_GROUP_DIR : ref.group;
  const leaf = join(group, ref.version, ref.kind, `${encodeObjectName(ref.name)}.yaml`);
  return ref.namespace === undefined
    ? join(RECORDING_FILES.cluster, leaf)
    : join(RECORDING_FILES.namespaces, ref.namespace, leaf);
}
