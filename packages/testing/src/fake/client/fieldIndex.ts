import {
  type FieldRequirement,
  FieldSelector,
  type KindRef,
  type KubeObject,
  type ObjectOf,
  parseApiVersion,
  parseFieldSelector,
} from '@kubekit/core';
import { encodeContinue } from '../engine/pagination.js';
import type { ResourceType } from '../engine/resourceRegistry.js';
import type { FakeList } from '../engine/storageOptions.js';
import type { StoredObject } from '../engine/types.js';

/**
 * A field a fake client can select on, beyond what the server supports: `list(kind, { fieldSelector:
 * { [field]: value } })` returns the objects whose `extract` yields `value` (like controller-runtime's
 * `WithIndex`). Build typed ones with {@link fakeIndex}.
 */
export interface FakeIndex<K extends KindRef = KindRef> {
  /** The kind it indexes (any version of it). */
  readonly kind: K;
  /** The field selector key, e.g. `spec.nodeName` or `owner`. */
  readonly field: string;
  /** The values of the field for one object (none: the object never matches `=`). */
  extract(obj: ObjectOf<K>): readonly string[];
}

/** A typed {@link FakeIndex}: `fakeIndex(builtinKinds.Pod, 'spec.nodeName', (p) => [p.spec?.nodeName ?? ''])`. */
export function fakeIndex<K extends KindRef>(
  kind: K,
  field: string,
  extract: (obj: ObjectOf<K>) => readonly string[],
): FakeIndex<K> {
  return { kind, field, extract };
}

/** One `field=value` or `field!=value` term of a field selector. */
interface IndexTerm {
  readonly index: FakeIndex;
  readonly value: string;
  readonly equal: boolean;
}

/** A field selector split into terms the indexes answer and the rest, for the storage. */
export interface SplitSelector {
  readonly terms: readonly IndexTerm[];
  /** What is left for the storage (`undefined` when nothing is). */
  readonly rest: string | undefined;
}

/**
 * Splits a field selector (string form) into index terms and the terms the storage evaluates.
 * @throws {@link BadRequestError} with the server's message for a selector the server refuses.
 */
export function splitFieldSelector(
  indexes: readonly FakeIndex[],
  type: ResourceType,
  selector: string | undefined,
): SplitSelector {
  if (!selector) return { terms: [], rest: selector };
  const own = indexes.filter((ix) => {
    const { group } = parseApiVersion(ix.kind.apiVersion);
    return group === type.group && ix.kind.kind === type.kind;
  });
  if (own.length === 0) return { terms: [], rest: selector };
  const terms: IndexTerm[] = [];
  const rest: FieldRequirement[] = [];
  for (const r of parseFieldSelector(selector).requirements) {
    const index = own.find((ix) => ix.field === r.field);
    if (index) terms.push({ index, value: r.value, equal: r.operator === '=' });
    else rest.push(r);
  }
  return { terms, rest: rest.length > 0 ? new FieldSelector(rest).toString() : undefined };
}

/** Whether an object passes every index term. */
export function matchesIndexes(terms: readonly IndexTerm[], obj: KubeObject): boolean {
  return terms.every((t) => t.index.extract(obj as never).includes(t.value) === t.equal);
}

/**
 * Filters a full list (from the storage, in key order, at one resourceVersion) by index terms and
 * cuts one page of `limit` from it, with a continue token the storage understands.
 */
export function pageByIndex(
  list: FakeList,
  terms: readonly IndexTerm[],
  limit: number | undefined,
  namespaced: boolean,
): FakeList {
  const matching = list.items.filter((o) => matchesIndexes(terms, o));
  const metadata: FakeList['metadata'] = { resourceVersion: list.metadata.resourceVersion };
  if ('continue' in list.metadata) metadata.continue = '';
  if (limit === undefined || matching.length <= limit) return { ...list, metadata, items: matching };
  const items = matching.slice(0, limit);
  const last = items.at(-1) as StoredObject;
  const key = `${namespaced ? (last.metadata.namespace ?? '') : ''}/${last.metadata.name}`;
  metadata.continue = encodeContinue({ rv: Number(list.metadata.resourceVersion), start: key });
  return { ...list, metadata, items };
}
