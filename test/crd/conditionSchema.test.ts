import { describe, expect, it } from '@jest/globals';
import { type Condition, setCondition } from '@kubekit/core';
import { defineCustomResource, k8s } from '@kubekit/crd';
import { z } from 'zod';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const check = <T extends true>(_: T) => undefined;

describe('k8s.condition() / k8s.conditions(): metav1.Condition as zod', () => {
  it("parses what setCondition writes, typed as core's Condition", () => {
    const conditions: Condition[] = [];
    setCondition(conditions, { type: 'Ready', status: 'True', reason: 'Synced', message: 'ok', observedGeneration: 2 });
    setCondition(conditions, { type: 'example.com/Degraded', status: 'False', reason: 'AsExpected', message: '' });
    const parsed = k8s.conditions().parse(conditions);
    check<Equal<typeof parsed, Condition[]>>(true);
    expect(parsed).toEqual(conditions);
  });

  it('refuses what the API server refuses in a condition', () => {
    const ok: Condition = {
      type: 'Ready',
      status: 'True',
      reason: 'Synced',
      message: '',
      lastTransitionTime: '2026-12-01T10:00:00Z',
    };
    const schema = k8s.condition();
    expect(schema.safeParse(ok).success).toBe(true);
    for (const bad of [
      { status: 'Yes' },
      { reason: '' },
      { reason: 'has spaces' },
      { type: 'not a type' },
      { observedGeneration: -1 },
      { lastTransitionTime: 'yesterday' },
      { message: 'x'.repeat(32769) },
    ]) {
      expect(schema.safeParse({ ...ok, ...bad }).success).toBe(false);
    }
  });

  it('writes the CRD schema as Kubernetes declares status.conditions: a map list keyed by type', () => {
    const Thing = defineCustomResource({
      group: 'x.example.com',
      version: 'v1',
      kind: 'Thing',
      spec: z.object({}),
      status: z.object({ conditions: k8s.conditions().optional() }),
    });
    const status = Thing.crd.spec.versions[0]?.schema?.openAPIV3Schema?.properties?.status;
    const list = status?.properties?.conditions;
    expect(list).toMatchObject({
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['type'],
    });
    expect(list?.items?.required?.slice().sort()).toEqual([
      'lastTransitionTime',
      'message',
      'reason',
      'status',
      'type',
    ]);
    expect(list?.items?.properties?.status?.enum).toEqual(['True', 'False', 'Unknown']);
    expect(list?.items?.properties?.lastTransitionTime?.format).toBe('date-time');
  });
});
