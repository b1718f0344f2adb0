import { describe, expect, it } from '@jest/globals';
import {
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  selectorMatcher,
} from '../../../../packages/testing/src/fake/engine/selectors.js';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front' };
  const matches = (sel: string) => matchesLabels(parseLabelSelector(sel), labels);

  it('supports equality, inequality, set and existence requirements', () => {
    expect(matches('app=web')).toBe(true);
    expect(matches('app==web,tier=front')).toBe(true);
    expect(matches('app!=web')).toBe(false);
    expect(matches('app in (db, web)')).toBe(true);
    expect(matches('app notin (web)')).toBe(false);
    expect(matches('tier')).toBe(true);
    expect(matches('!tier')).toBe(false);
    expect(matches('missing!=x')).toBe(true);
    expect(matches('')).toBe(true);
  });

  it('refuses a set requirement without values as BadRequest', () => {
    expect(() => parseLabelSelector('a in')).toThrow(expect.objectContaining({ reason: 'BadRequest', code: 400 }));
  });
});

describe('field selectors', () => {
  const supported = new Set(['metadata.name', 'status.phase']);

  it('matches supported fields, treating absent as empty', () => {
    const m = selectorMatcher(undefined, 'metadata.name=a,status.phase!=Running', supported);
    expect(m({ metadata: { name: 'a' }, status: { phase: 'Pending' } })).toBe(true);
    expect(m({ metadata: { name: 'a' }, status: { phase: 'Running' } })).toBe(false);
    expect(m({ metadata: { name: 'a' } })).toBe(true);
  });

  it('refuses unsupported fields with the real message', () => {
    expect(() => parseFieldSelector('spec.x=y', supported)).toThrow('field label not supported: spec.x');
  });
});
