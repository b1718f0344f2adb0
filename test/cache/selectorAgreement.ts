/**
 * The table of the cache's selector agreement tests: ConfigMaps with assorted labels, selectors
 * kube-apiserver reads in ways easy to get wrong (or refuses), and what a reader answers to each:
 * the names it lists, or its error's reason and the server's message.
 */
import { expect } from '@jest/globals';
import { builtinKinds, type ListOptions } from '@kubekit/client';
import { findReason, type KubeObject, type ObjectList, type Selector } from '@kubekit/core';

/** The labels of the ConfigMaps `cm-0`, `cm-1`, ... */
const LABELS: Array<Record<string, string>> = [
  { env: 'x' },
  { env: '' },
  { env: 'y', tier: 'web' },
  {},
  { app: '0' },
  { app: '2', tier: 'web' },
  { app: '10' },
  { app: 'x' },
  { app: '' },
];

/** The ConfigMaps to seed, in `namespace`. */
export function selectorConfigMaps(namespace: string): KubeObject[] {
  return LABELS.map((labels, i) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `cm-${i}`, namespace, labels },
    data: { i: String(i) },
  }));
}

/** Label selectors, as strings and as pairs. */
export const LABEL_SELECTORS: readonly Selector[] = [
  '',
  'env in (x,)',
  'env in ()',
  'env notin (x,)',
  'env=',
  'app>1',
  'app<1',
  'app>0,app<10',
  '!app',
  'app',
  'app!=x',
  'app notin (x,2)',
  'tier = web, app',
  ' tier\tin (web) ',
  'app>x',
  'a b',
  '-x',
  `x=${'a'.repeat(64)}`,
  'k=v,,',
  'env in (x',
  { tier: 'web' },
  { env: '' },
  { 'a b': 'x' },
  { app: 'x,tier=web' },
];

/**
 * Field selectors, as strings and as pairs. Only fields ConfigMaps have: the cache evaluates any
 * field path on its objects, where the server refuses the fields a kind does not support.
 */
export const fieldSelectors = (namespace: string): readonly Selector[] => [
  'metadata.name=cm-1',
  'metadata.name==cm-1',
  'metadata.name!=cm-1',
  'metadata.name=',
  'metadata.name!=',
  `metadata.namespace=${namespace},metadata.name!=cm-0`,
  'metadata.name=cm-1,,',
  'metadata.name=cm\\,1',
  'metadata.name in (cm-1,cm-2)',
  '!metadata.name',
  'metadata.name=a=b',
  'metadata.name=a\\b',
  { 'metadata.name': 'cm-2' },
  { 'metadata.name': 'a,b=c' },
];

/** What a reader answers: the names listed, or the error's reason and message (the server's, for a 400). */
export type Answer = string[] | { reason: string; message: string };

/** Reads a list and turns it into an {@link Answer}. */
export async function answer(read: () => Promise<ObjectList<KubeObject>>): Promise<Answer> {
  try {
    return (await read()).items.map((o) => o.metadata?.name ?? '').sort();
  } catch (err) {
    const bad = findReason(err, 'BadRequest');
    if (bad) return { reason: bad.reason, message: bad.status.message ?? '' };
    const invalid = findReason(err, 'InvalidInput');
    if (invalid) return { reason: invalid.reason, message: invalid.message };
    throw err;
  }
}

/** A reader's list of the table's ConfigMaps. */
export type ListFn = (options: ListOptions) => Promise<ObjectList<KubeObject>>;

/** Expects each reader to answer a list with `options` as the server does. */
export async function expectAgreement(
  server: ListFn,
  readers: Readonly<Record<string, ListFn>>,
  options: ListOptions,
): Promise<void> {
  const expected = await answer(() => server(options));
  const got: Record<string, Answer> = {};
  const want: Record<string, Answer> = {};
  for (const [name, list] of Object.entries(readers)) {
    got[name] = await answer(() => list(options));
    want[name] = expected;
  }
  expect({ options, ...got }).toEqual({ options, ...want });
}

/** The kind of the table. */
export const ConfigMap = builtinKinds.ConfigMap;
