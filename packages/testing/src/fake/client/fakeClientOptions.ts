import { DEFAULT_FIELD_MANAGER } from '@kubekit/client';
import type { KubeObject, UnstructuredObject } from '@kubekit/core';
import type { CrdSource } from '../../crds.js';
import type { FakeStorage } from '../engine/storage.js';
import type { FakeClock } from '../engine/types.js';
import type { FakeIndex } from './fieldIndex.js';
import type { FakeClientInterceptors } from './interceptors.js';

/** Options of {@link FakeClient.create}. */
export interface FakeClientOptions {
  /** Objects to create first (any served kind; namespaces are created as needed; a given `status` is kept). @default [] */
  objects?: readonly (KubeObject | UnstructuredObject)[];
  /** CRDs to serve: objects, or YAML/JSON files or folders of them. @default [] */
  crds?: readonly CrdSource[];
  /**
   * The storage to read and write: a `FakeApiServer`'s or another `FakeClient`'s, to share one
   * cluster between them. @default a new one (built-in kinds, the default namespaces, CRD controller, GC)
   */
  storage?: FakeStorage;
  /** Per-verb hooks to inject errors, count or change calls. @default {} */
  interceptors?: FakeClientInterceptors;
  /** Extra field selectors answered by the client (see {@link FakeIndex}). @default [] */
  indexes?: readonly FakeIndex[];
  /** The field manager of writes that name none. @default DEFAULT_FIELD_MANAGER (`kubekit`) */
  fieldManager?: string;
  /** Time source for timestamps of a new storage. @default Date.now */
  clock?: FakeClock;
  /** Whether a new storage needs the Namespace of a custom resource to exist. @default true */
  requireNamespaces?: boolean;
  /** Cancels `create()` (reading CRD files). @default undefined */
  signal?: AbortSignal;
}

/** {@link FakeClientOptions} with defaults filled in. */
export interface ResolvedFakeClientOptions extends Required<Omit<FakeClientOptions, 'storage' | 'signal' | 'clock'>> {
  storage: FakeStorage | undefined;
  clock: FakeClock;
  signal: AbortSignal | undefined;
}

/** Fills in the defaults of {@link FakeClientOptions}. */
export function resolveFakeClientOptions(o: FakeClientOptions = {}): ResolvedFakeClientOptions {
  return {
    objects: o.objects ?? [],
    crds: o.crds ?? [],
    storage: o.storage,
    interceptors: o.interceptors ?? {},
    indexes: o.indexes ?? [],
    fieldManager: o.fieldManager ?? DEFAULT_FIELD_MANAGER,
    clock: o.clock ?? { now: () => Date.now() },
    requireNamespaces: o.requireNamespaces ?? true,
    signal: o.signal,
  };
}
