/**
 * The on-disk format of a kubekit recording: the one place that names its files and their types.
 * `gather` (the writer) and `FakeApiServer.start({ recording })` / `kubekit serve` (the reader)
 * both import it.
 *
 * A recording is a folder:
 * - `recording.json`: {@link RecordingManifest}, what was recorded and what was refused;
 * - `version.json`: the server's `/version` document as served;
 * - `discovery/api.json`, `discovery/apis.json`, `discovery/api/v1.json`,
 *   `discovery/apis/<group>/<version>.json`: the classic discovery documents as served;
 * - one YAML document per object, as served (uid, resourceVersion, timestamps, ownerReferences and
 *   managedFields kept): `cluster/<group>/<version>/<kind>/<name>.yaml` for cluster-scoped kinds,
 *   `namespaces/<ns>/<group>/<version>/<kind>/<name>.yaml` for namespaced ones, `core` for the
 *   legacy group;
 * - `tables/<group>/<version>/<kind>.json` (for kinds whose Table the server gave): the Table
 *   `kubectl get` printed, {@link RecordedTable}: the column definitions once, and one row of cells
 *   per object;
 * - `watch.jsonl` (only when changes were recorded): one {@link WatchRecord} per line, in order.
 */
import { join } from 'node:path';
import type { JsonPatchOperation } from '@kubekit/client';

/** The value of `format` in `recording.json`. */
export const RECORDING_FORMAT = 'kubekit.recording/v1';

/** File of the {@link RecordingManifest}, relative to the recording folder. */
export const RECORDING_FILE = 'recording.json';
/** File of the server's `/version` document. */
export const VERSION_FILE = 'version.json';
/** File of the recorded changes ({@link WatchRecord}, one JSON line each). */
export const WATCH_FILE = 'watch.jsonl';
/** Folder of the discovery documents. */
export const DISCOVERY_DIR = 'discovery';
/** Folder of the recorded Tables, one file per kind ({@link tablePath}). */
export const TABLES_DIR = 'tables';
/** Folder of cluster-scoped objects. */
export const CLUSTER_DIR = 'cluster';
/** Folder of namespaced objects, one subfolder per namespace. */
export const NAMESPACES_DIR = 'namespaces';
/** The folder name of the legacy (core) group, whose name is `''`. */
export const CORE_GROUP_DIR = 'core';

/** A kind the recording holds, as `recording.json` lists it. */
export interface RecordedKind {
  /** The API group; `''` for the core group. */
  group: string;
  /** The API version within the group, e.g. `v1`. */
  version: string;
  /** The kind, e.g. `Deployment`. */
  kind: string;
  /** The resource (plural) name, e.g. `deployments`. */
  resource: string;
  /** Whether its objects live in namespaces. */
  namespaced: boolean;
  /** Objects written. */
  count: number;
  /**
   * Whether the server's Table of the kind was recorded (`tables/<group>/<version>/<kind>.json`, a
   * {@link RecordedTable}); absent when it was not.
   */
  table?: boolean;
}

/** A list the server refused (e.g. 403 for a user not allowed to list a kind). */
export interface RefusedList {
  /** The API group; `''` for the core group. */
  group: string;
  /** The API version within the group. */
  version: string;
  /** The resource (plural) name. */
  resource: string;
  /** The namespace of a per-namespace list; absent for a list across namespaces. */
  namespace?: string;
  /** The HTTP status code. */
  code: number;
  /** The server's message. */
  message: string;
}

/** `recording.json`. */
export interface RecordingManifest {
  /** The format and its version: {@link RECORDING_FORMAT}. */
  format: typeof RECORDING_FORMAT;
  /** When recording started (RFC 3339); {@link WatchRecord.offsetMs} counts from it. */
  startedAt: string;
  /** The API server URL recorded. */
  server: string;
  /** The kinds recorded completely. */
  kinds: RecordedKind[];
  /** The lists the server refused. */
  refused: RefusedList[];
  /** How long changes were recorded into `watch.jsonl`; absent when they were not. */
  watchDurationMs?: number;
}

/** One recorded change (a line of `watch.jsonl`). */
export interface WatchRecord {
  /** Milliseconds from {@link RecordingManifest.startedAt}. */
  offsetMs: number;
  /** What happened to the object. */
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** The object's API group; `''` for the core group. */
  group: string;
  /** The object's API version within the group. */
  version: string;
  /** The object's kind. */
  kind: string;
  /** The object's namespace; absent for cluster-scoped kinds. */
  namespace?: string;
  /** The object's name. */
  name: string;
  /** The object's resourceVersion after the change. */
  resourceVersion: string;
  /** The full object (ADDED only). */
  object?: Record<string, unknown>;
  /** RFC 6902 operations from the previous recorded state of the object to this one (MODIFIED only). */
  patch?: JsonPatchOperation[];
}

/** A column of a recorded Table, as the server defined it (a `meta.k8s.io/v1` TableColumnDefinition). */
export interface RecordedTableColumn {
  /** The column's name, e.g. `Ready`; kubectl prints it upper-cased. */
  name: string;
  /** The OpenAPI type of its cells: `string`, `integer`, `number`, `boolean`, `date`. */
  type: string;
  /** The OpenAPI format, e.g. `name` for the Name column; `''` when none. */
  format: string;
  /** What the column shows. */
  description: string;
  /** 0 for the columns `kubectl get` prints; more for those only `-o wide` prints. */
  priority: number;
}

/**
 * One object's row of a recorded Table, for one state of the object: an object changed while
 * changes were recorded has a row for its first state and one for its last.
 */
export interface RecordedTableRow {
  /** The object's namespace; absent for a cluster-scoped kind. */
  namespace?: string;
  /** The object's name. */
  name: string;
  /** The object's resourceVersion when the row was made: the row stands for that state of the object only. */
  resourceVersion: string;
  /** One cell per column, as the server filled it. */
  cells: unknown[];
}

/**
 * `tables/<group>/<version>/<kind>.json`: the Table the server made of a kind's objects (what
 * `kubectl get` prints, `-o wide` columns included), its column definitions once and a row per
 * object recorded (two for an object changed while changes were recorded: its first and last state).
 */
export interface RecordedTable {
  /** The columns, in the server's order, Name first. */
  columnDefinitions: RecordedTableColumn[];
  /** One row per object state recorded, each naming its object and state. */
  rows: RecordedTableRow[];
}

/** What names an object's file. */
export interface ObjectLocation {
  group: string;
  version: string;
  kind: string;
  /** Absent (or `''`) for a cluster-scoped object. */
  namespace?: string | undefined;
  name: string;
}

/** The folder name of a group: `core` for the legacy group `''`. */
export function groupDir(group: string): string {
  return group === '' ? CORE_GROUP_DIR : group;
}

/** A name as a file name: `/` and `%` percent-encoded (`%2F`, `%25`), everything else as is. */
export function encodeName(name: string): string {
  return name.replace(/%/g, '%25').replace(/\//g, '%2F');
}

/** The name a file name stands for (the inverse of {@link encodeName}). */
export function decodeName(fileName: string): string {
  return fileName.replace(/%2F/gi, '/').replace(/%25/g, '%');
}

/** The folder of a kind's objects, relative to the recording folder. */
export function kindDir(location: Omit<ObjectLocation, 'name'>): string {
  const { group, version, kind, namespace } = location;
  return namespace
    ? join(NAMESPACES_DIR, namespace, groupDir(group), version, kind)
    : join(CLUSTER_DIR, groupDir(group), version, kind);
}

/** The file of an object, relative to the recording folder. */
export function objectPath(location: ObjectLocation): string {
  return join(kindDir(location), `${encodeName(location.name)}.yaml`);
}

/** The file of a kind's recorded Table ({@link RecordedTable}), relative to the recording folder. */
export function tablePath(kind: { group: string; version: string; kind: string }): string {
  return join(TABLES_DIR, groupDir(kind.group), kind.version, `${kind.kind}.json`);
}

/**
 * The file of a discovery document, relative to the recording folder: `/api`, `/apis`, `/api/v1`
 * or `/apis/<group>/<version>` as `discovery/<path>.json`.
 */
export function discoveryPath(apiPath: string): string {
  return join(DISCOVERY_DIR, `${apiPath.replace(/^\/+/, '')}.json`);
}

/** The discovery path of a group-version: `/api/v1` for the core group, `/apis/<group>/<version>` otherwise. */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}
