import type { Reader, Writer } from '@kubekit/client';
import {
  gvkOf,
  InvalidInputError,
  isNotFound,
  type KindDescriptor,
  type KubeObject,
  type ObjectOf,
} from '@kubekit/core';

/** Options of {@link createOrUpdate} and {@link createOrPatch}. */
export interface CreateOrUpdateOptions<K extends KindDescriptor = KindDescriptor> {
  /**
   * The kind of the object, e.g. `builtinKinds.ConfigMap`: types `object` and what `mutate` gets as
   * the kind's type (no cast needed), and reads and writes go through its `decode`/`encode`.
   * @default the object's own `apiVersion` and `kind`, typed as the object passed
   */
  kind?: K;
  /** Cancels the reads and writes. @default none */
  signal?: AbortSignal;
}

/** What {@link createOrUpdate} / {@link createOrPatch} did. */
export type OperationResult = 'created' | 'updated' | 'unchanged';

/** What {@link createOrUpdate} / {@link createOrPatch} return: what happened, and the object as stored. */
export interface CreateOrUpdateResult<T extends KubeObject> {
  /** Whether the object was created, changed, or left as it was. */
  readonly operation: OperationResult;
  /** The object as the server stored it (as read, when unchanged). */
  readonly object: T;
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

async function current<T extends KubeObject>(
  client: Reader,
  desired: T,
  kind: KindDescriptor | undefined,
  signal?: AbortSignal,
): Promise<T | undefined> {
  const name = desired.metadata?.name;
  if (!name) throw new InvalidInputError('metadata.name', 'is required to create or update an object');
  try {
    const got = await client.get(kind ?? gvkOf(desired), name, { namespace: desired.metadata?.namespace, signal });
    return got as unknown as T;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/**
 * The shared first half of {@link createOrUpdate} and {@link createOrPatch}: creates the object
 * when absent, or runs `mutate` on a copy of the stored one and says whether anything changed.
 */
async function mutateCurrent<T extends KubeObject>(
  client: Reader & Writer,
  object: T,
  mutate: (object: T) => void | Promise<void>,
  { kind, signal }: CreateOrUpdateOptions,
): Promise<CreateOrUpdateResult<T> | { before: T; stored: T }> {
  // `before` may be the cache's own (frozen) object: it is only read; `mutate` gets a copy
  const before = await current(client, object, kind, signal);
  if (!before) {
    await mutate(object);
    const created = kind ? await client.create(object, { kind, signal }) : await client.create(object, { signal });
    return { operation: 'created', object: created as T };
  }
  const stored = structuredClone(before);
  await mutate(stored);
  if (jsonEqual(before, stored)) return { operation: 'unchanged', object: stored };
  return { before, stored };
}

/**
 * Reads the object named by `object` (apiVersion, kind, namespace, name); when absent, runs
 * `mutate` on `object` and creates it; otherwise runs `mutate` on a copy of the stored object and
 * updates it if `mutate` changed anything. `mutate` sets the fields you manage (and may call
 * `@kubekit/client`'s `setControllerReference`); it must not change the name or namespace. Reads
 * go through `client` (with a manager: the cache), so the stored copy may be slightly stale: a
 * conflict then fails the reconcile and the retry sees the newer version.
 *
 * ```ts
 * const { operation } = await createOrUpdate(mgr.client, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace } }, (cm) => {
 *   cm.data = { ...wanted };
 *   setControllerReference(owner, cm);
 * });
 * ```
 */
export async function createOrUpdate<K extends KindDescriptor>(
  client: Reader & Writer,
  object: ObjectOf<K>,
  mutate: (object: ObjectOf<K>) => void | Promise<void>,
  options: CreateOrUpdateOptions<K> & { kind: K },
): Promise<CreateOrUpdateResult<ObjectOf<K>>>;
export async function createOrUpdate<T extends KubeObject>(
  client: Reader & Writer,
  object: T,
  mutate: (object: T) => void | Promise<void>,
  options?: CreateOrUpdateOptions,
): Promise<CreateOrUpdateResult<T>>;
export async function createOrUpdate<T extends KubeObject>(
  client: Reader & Writer,
  object: T,
  mutate: (object: T) => void | Promise<void>,
  options: CreateOrUpdateOptions = {},
): Promise<CreateOrUpdateResult<T>> {
  const step = await mutateCurrent(client, object, mutate, options);
  if ('operation' in step) return step;
  const { kind, signal } = options;
  const updated = kind
    ? await client.update(step.stored, { kind, signal })
    : await client.update(step.stored, { signal });
  return { operation: 'updated', object: updated as T };
}

/** An RFC 7386 merge patch turning `before` into `after` (`null` removes a field; arrays are replaced whole). */
export function mergePatchOf(before: unknown, after: unknown): unknown {
  if (typeof before !== 'object' || before === null || Array.isArray(before)) return after;
  if (typeof after !== 'object' || after === null || Array.isArray(after)) return after;
  const patch: Record<string, unknown> = {};
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  for (const key of Object.keys(b)) if (a[key] === undefined && b[key] !== undefined) patch[key] = null;
  for (const [key, value] of Object.entries(a)) {
    if (value === undefined || jsonEqual(b[key], value)) continue;
    patch[key] = mergePatchOf(b[key], value);
  }
  return patch;
}

/**
 * Like {@link createOrUpdate}, but writes a merge patch of what `mutate` changed instead of the
 * whole object (no conflict on fields others changed meanwhile), and a second patch of the status
 * subresource when `mutate` changed `status`.
 */
export async function createOrPatch<K extends KindDescriptor>(
  client: Reader & Writer & { status(): Pick<Writer, 'patch'> },
  object: ObjectOf<K>,
  mutate: (object: ObjectOf<K>) => void | Promise<void>,
  options: CreateOrUpdateOptions<K> & { kind: K },
): Promise<CreateOrUpdateResult<ObjectOf<K>>>;
export async function createOrPatch<T extends KubeObject>(
  client: Reader & Writer & { status(): Pick<Writer, 'patch'> },
  object: T,
  mutate: (object: T) => void | Promise<void>,
  options?: CreateOrUpdateOptions,
): Promise<CreateOrUpdateResult<T>>;
export async function createOrPatch<T extends KubeObject>(
  client: Reader & Writer & { status(): Pick<Writer, 'patch'> },
  object: T,
  mutate: (object: T) => void | Promise<void>,
  options: CreateOrUpdateOptions = {},
): Promise<CreateOrUpdateResult<T>> {
  const step = await mutateCurrent(client, object, mutate, options);
  if ('operation' in step) return step;
  const { before, stored } = step;
  const { status: statusBefore, ...mainBefore } = before as T & { status?: unknown };
  const { status: statusAfter, ...mainAfter } = stored as T & { status?: unknown };
  const kind = options.kind ?? gvkOf(stored);
  const at = { namespace: stored.metadata?.namespace, signal: options.signal };
  const name = stored.metadata?.name as string;
  let result: KubeObject = stored;
  const main = mergePatchOf(mainBefore, mainAfter) as Record<string, unknown>;
  if (Object.keys(main).length > 0) result = await client.patch(kind, name, { type: 'merge', patch: main }, at);
  if (!jsonEqual(statusBefore, statusAfter)) {
    const patch = { status: mergePatchOf(statusBefore ?? {}, statusAfter ?? {}) };
    result = await client.status().patch(kind, name, { type: 'merge', patch }, at);
  }
  return { operation: 'updated', object: result as T };
}
