/**
 * kubekit's selector parser against apimachinery's own, the parser kube-apiserver v1.37.2 runs: a
 * table written by test/fixtures/selectors/oracle (Go, k8s.io/apimachinery v0.37.2) of hand-picked
 * and generated selectors, each with the server's error text or its requirements, canonical string
 * and matches. Regenerate it with `go run .` in the oracle directory when the server is upgraded.
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import {
  type FieldRequirement,
  findReason,
  type LabelRequirement,
  parseFieldSelector,
  parseLabelSelector,
} from '@kubekit/core';
import { SELECTOR_TABLE } from '../../support/paths.js';

interface Case<R> {
  selector: string;
  error?: string;
  string?: string;
  requirements?: R[];
  matches?: boolean[];
}

interface Table {
  source: string;
  labelSets: Record<string, string>[];
  labels: Case<LabelRequirement>[];
  fieldSets: Record<string, string>[];
  fields: Case<FieldRequirement>[];
}

const table = JSON.parse(readFileSync(SELECTOR_TABLE, 'utf8')) as Table;

/** What our parser says about a selector, in the table's shape. */
function outcome<R>(parse: () => { requirements: readonly R[]; toString(): string }, matches: (s: never) => boolean[]) {
  try {
    const parsed = parse();
    return { string: parsed.toString(), requirements: [...parsed.requirements], matches: matches(parsed as never) };
  } catch (err) {
    const bad = findReason(err, 'BadRequest');
    if (!bad) throw err;
    return { error: bad.status.message };
  }
}

const expected = <R>(c: Case<R>) =>
  c.error !== undefined
    ? { error: c.error }
    : { string: c.string, requirements: c.requirements ?? [], matches: c.matches };

/** The cases where our answer differs from apimachinery's, with both answers. */
function differences<R>(cases: Case<R>[], ours: (c: Case<R>) => object) {
  return cases
    .map((c) => ({ selector: c.selector, ours: ours(c), apimachinery: expected(c) }))
    .filter((d) => !isDeepStrictEqual(d.ours, d.apimachinery));
}

describe(`selectors as ${table.source} parses and matches them`, () => {
  it(`label selectors: ${table.labels.length} cases`, () => {
    const diffs = differences(table.labels, (c) =>
      outcome(
        () => parseLabelSelector(c.selector),
        (s: ReturnType<typeof parseLabelSelector>) => table.labelSets.map((l) => s.matches(l)),
      ),
    );
    expect(diffs).toEqual([]);
    expect(table.labels.filter((c) => c.error === undefined).length).toBeGreaterThan(250);
  });

  it(`field selectors: ${table.fields.length} cases`, () => {
    const diffs = differences(table.fields, (c) =>
      outcome(
        () => parseFieldSelector(c.selector),
        (s: ReturnType<typeof parseFieldSelector>) => table.fieldSets.map((f) => s.matches((field) => f[field] ?? '')),
      ),
    );
    expect(diffs).toEqual([]);
    expect(table.fields.filter((c) => c.error === undefined).length).toBeGreaterThan(100);
  });
});
