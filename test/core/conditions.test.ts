import { describe, expect, it } from '@jest/globals';
import {
  type Condition,
  findCondition,
  isConditionFalse,
  isConditionTrue,
  kubeTime,
  removeCondition,
  setCondition,
} from '@kubekit/core';

const T0 = Date.parse('2026-12-01T10:00:00.500Z');
const T1 = Date.parse('2026-12-01T11:30:00Z');
const at = (ms: number) => ({ now: () => ms });

describe('setCondition (meta.SetStatusCondition)', () => {
  it('appends a new condition with lastTransitionTime now, to the second', () => {
    const conditions: Condition[] = [];
    const changed = setCondition(
      conditions,
      { type: 'Ready', status: 'True', reason: 'Synced', message: 'ok', observedGeneration: 3 },
      at(T0),
    );
    expect(changed).toBe(true);
    expect(conditions).toEqual([
      {
        type: 'Ready',
        status: 'True',
        reason: 'Synced',
        message: 'ok',
        observedGeneration: 3,
        lastTransitionTime: '2026-12-01T10:00:00Z',
      },
    ]);
  });

  it('keeps lastTransitionTime when only reason, message or observedGeneration change', () => {
    const conditions: Condition[] = [];
    setCondition(
      conditions,
      { type: 'Ready', status: 'True', reason: 'A', message: 'm', observedGeneration: 1 },
      at(T0),
    );
    const changed = setCondition(
      conditions,
      { type: 'Ready', status: 'True', reason: 'B', message: 'n', observedGeneration: 2 },
      at(T1),
    );
    expect(changed).toBe(true);
    expect(conditions[0]).toEqual({
      type: 'Ready',
      status: 'True',
      reason: 'B',
      message: 'n',
      observedGeneration: 2,
      lastTransitionTime: '2026-12-01T10:00:00Z',
    });
  });

  it('moves lastTransitionTime when the status changes: to the given time, else now', () => {
    const conditions: Condition[] = [];
    setCondition(conditions, { type: 'Ready', status: 'True', reason: 'A', message: '' }, at(T0));
    setCondition(conditions, { type: 'Ready', status: 'False', reason: 'A', message: '' }, at(T1));
    expect(conditions[0]?.lastTransitionTime).toBe('2026-12-01T11:30:00Z');
    setCondition(conditions, {
      type: 'Ready',
      status: 'Unknown',
      reason: 'A',
      message: '',
      lastTransitionTime: '2020-01-01T00:00:00Z',
    });
    expect(conditions[0]?.lastTransitionTime).toBe('2020-01-01T00:00:00Z');
  });

  it('reports no change for the same condition, and leaves the others alone', () => {
    const conditions: Condition[] = [];
    setCondition(conditions, { type: 'Ready', status: 'True', reason: 'A', message: '' }, at(T0));
    setCondition(conditions, { type: 'Progressing', status: 'False', reason: 'Done', message: '' }, at(T0));
    const before = structuredClone(conditions);
    expect(setCondition(conditions, { type: 'Ready', status: 'True', reason: 'A', message: '' }, at(T1))).toBe(false);
    expect(conditions).toEqual(before);
  });

  it('treats an absent observedGeneration as 0, as Go does', () => {
    const conditions: Condition[] = [];
    setCondition(conditions, { type: 'Ready', status: 'True', reason: 'A', message: '' }, at(T0));
    expect(
      setCondition(conditions, { type: 'Ready', status: 'True', reason: 'A', message: '', observedGeneration: 0 }),
    ).toBe(false);
    expect(conditions[0]).not.toHaveProperty('observedGeneration');
  });
});

describe('findCondition, removeCondition, isConditionTrue/False', () => {
  const list = (): Condition[] => [
    { type: 'Ready', status: 'True', reason: 'A', message: '', lastTransitionTime: kubeTime(T0) },
    { type: 'Degraded', status: 'False', reason: 'B', message: '', lastTransitionTime: kubeTime(T0) },
    { type: 'Synced', status: 'Unknown', reason: 'C', message: '', lastTransitionTime: kubeTime(T0) },
  ];

  it('finds by type', () => {
    expect(findCondition(list(), 'Degraded')?.reason).toBe('B');
    expect(findCondition(list(), 'Missing')).toBeUndefined();
    expect(findCondition(undefined, 'Ready')).toBeUndefined();
  });

  it('removes by type in place and says whether there was one', () => {
    const conditions = list();
    expect(removeCondition(conditions, 'Degraded')).toBe(true);
    expect(conditions.map((c) => c.type)).toEqual(['Ready', 'Synced']);
    expect(removeCondition(conditions, 'Degraded')).toBe(false);
  });

  it('is true or false only for a present condition with that status', () => {
    expect(isConditionTrue(list(), 'Ready')).toBe(true);
    expect(isConditionFalse(list(), 'Ready')).toBe(false);
    expect(isConditionFalse(list(), 'Degraded')).toBe(true);
    expect(isConditionTrue(list(), 'Synced')).toBe(false);
    expect(isConditionFalse(list(), 'Synced')).toBe(false);
    expect(isConditionTrue(undefined, 'Ready')).toBe(false);
    expect(isConditionFalse(list(), 'Missing')).toBe(false);
  });
});

describe('kubeTime', () => {
  it('writes RFC 3339 in UTC to the second, as metav1.Time', () => {
    expect(kubeTime(Date.parse('2026-12-01T17:09:03.999Z'))).toBe('2026-12-01T17:09:03Z');
  });
});
