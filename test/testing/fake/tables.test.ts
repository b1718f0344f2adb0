/**
 * The Tables FakeApiServer answers `kubectl get` with: a CRD's printer columns (JSONPath fields,
 * indexes and filters; dates as ages), Name and Age without them, and Table objects in watch events.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CrdSource, FakeApiServer } from '@kubekit/testing';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const GAUGES = { group: 'rec.kubekit.dev', version: 'v1', resource: 'gauges' };
const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gauges.rec.kubekit.dev' },
  spec: {
    group: 'rec.kubekit.dev',
    scope: 'Namespaced',
    names: { plural: 'gauges', singular: 'gauge', kind: 'Gauge', listKind: 'GaugeList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        additionalPrinterColumns: [
          { name: 'Level', type: 'integer', jsonPath: '.spec.level' },
          { name: 'First', type: 'string', jsonPath: '.spec.tags[0]' },
          { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
          { name: 'Since', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
};

describe('FakeApiServer tables', () => {
  let server: FakeApiServer;
  let token: string;
  const get = async (path: string) =>
    (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}`, accept: TABLE } })).json();

  beforeAll(async () => {
    server = await FakeApiServer.start({ tls: false, crds: [CRD as unknown as CrdSource], clock: { now: () => 0 } });
    token = server.kubeConfig.getCurrentUser()?.token as string;
    server.storage.create(GAUGES, 'default', {
      metadata: { name: 'g1' },
      spec: { level: 3, tags: ['x', 'y'] },
      status: {
        conditions: [
          { type: 'Other', status: 'False' },
          { type: 'Ready', status: 'True' },
        ],
      },
    });
  });
  afterAll(() => server.stop());

  it("shows a CRD's printer columns after Name", async () => {
    const table = (await get('/apis/rec.kubekit.dev/v1/namespaces/default/gauges')) as {
      columnDefinitions: Array<{ name: string; type: string }>;
      rows: Array<{ cells: unknown[] }>;
    };
    expect(table.columnDefinitions.map((c) => [c.name, c.type])).toEqual([
      ['Name', 'string'],
      ['Level', 'integer'],
      ['First', 'string'],
      ['Ready', 'string'],
      ['Since', 'string'],
    ]);
    const [row] = table.rows;
    expect(row?.cells.slice(0, 4)).toEqual(['g1', 3, 'x', 'True']);
    expect(row?.cells[4]).toMatch(/^\d+y(\d+d)?$/); // created at 0: decades ago
  });

  it('shows Name and Age for kinds without printer columns', async () => {
    const table = (await get('/api/v1/namespaces')) as { columnDefinitions: Array<{ name: string }> };
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Age']);
  });

  it('sends Table objects in the events of a watch that asks for tables', async () => {
    const controller = new AbortController();
    const res = await fetch(`${server.url}/apis/rec.kubekit.dev/v1/namespaces/default/gauges?watch=true`, {
      headers: { authorization: `Bearer ${token}`, accept: TABLE },
      signal: controller.signal,
    });
    const reader = res.body?.getReader();
    const first = await reader?.read();
    controller.abort();
    const event = JSON.parse(new TextDecoder().decode(first?.value).split('\n')[0] as string);
    expect(event).toMatchObject({
      type: 'ADDED',
      object: { kind: 'Table', rows: [{ cells: ['g1', 3, 'x', 'True', expect.any(String)] }] },
    });
  });
});
