/**
 * A CRD whose status has `k8s.conditions()` on the real API server: conditions written by
 * `setCondition` are stored as sent, and one the schema refuses is refused by the server too.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Client } from '@kubekit/client';
import { type Condition, isInvalid, setCondition } from '@kubekit/core';
import { type CustomResourceOf, defineCustomResource, k8s } from '@kubekit/crd';
import { installCrds, type TestNamespace } from '@kubekit/testing';
import { z } from 'zod';
import { describeReal, realServer } from '../support/realServer.js';

const Beacon = defineCustomResource({
  group: 'conditions-test.kubekit.dev',
  version: 'v1',
  kind: 'Beacon',
  spec: z.object({ on: z.boolean() }),
  status: z.object({ conditions: k8s.conditions().optional() }),
});
type Beacon = CustomResourceOf<typeof Beacon>;

describeReal('status conditions on the real API server', () => {
  let ns: TestNamespace;
  let client: Client;
  beforeAll(async () => {
    await installCrds(realServer().kubeConfig(), [Beacon.crd]);
    ns = await realServer().namespace('conditions');
    client = new Client({ kubeConfig: realServer().kubeConfig(), qps: 0 });
  });
  afterAll(async () => {
    client?.close();
    await ns?.cleanup();
  });

  it('stores conditions set by setCondition, and refuses one the schema refuses', async () => {
    const created: Beacon = await client.create(
      {
        apiVersion: Beacon.apiVersion,
        kind: Beacon.kind,
        metadata: { name: 'b1', namespace: ns.name },
        spec: { on: true },
      },
      { kind: Beacon },
    );
    const conditions: Condition[] = [];
    setCondition(conditions, {
      type: 'Ready',
      status: 'True',
      reason: 'Lit',
      message: 'on',
      observedGeneration: created.metadata.generation,
    });
    const updated = await client.status().update({ ...created, status: { conditions } }, { kind: Beacon });
    expect(updated.status?.conditions).toEqual(conditions);

    const bad = { ...conditions[0], reason: 'not camel case' } as Condition;
    const error = await client
      .status()
      .update({ ...updated, status: { conditions: [bad] } })
      .catch((e: unknown) => e);
    expect(isInvalid(error)).toBe(true);
    expect((error as Error).message).toContain('status.conditions[0].reason');
  });
});
