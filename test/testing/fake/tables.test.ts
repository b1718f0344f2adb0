/**
 * The Tables FakeApiServer answers `kubectl get` with: a CRD's printer columns (JSONPath fields,
 * indexes and filters; dates as ages), Name and Age without them, and Table objects in watch events.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CrdSource, FakeApiServer } from '@kubekit/testing';
import { humanDuration, servedTable, toTable } from '../../../packages/testing/src/fake/http/table.js';

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

describe('Tables from a recorded Table', () => {
  const NOW = Date.parse('2026-06-01T12:00:00Z');
  const ago = (ms: number) => new Date(NOW - ms).toISOString();
  const column = (name: string, priority = 0) => ({ name, type: 'string', format: '', description: '', priority });
  const NAME = { ...column('Name'), format: 'name' };
  const table = (type: { group: string; kind: string }, columns: string[], objects: object[], rows: unknown[][]) =>
    toTable(
      { kind: 'List', metadata: { resourceVersion: '9' }, items: objects },
      {
        now: NOW,
        type,
        recorded: servedTable({
          columnDefinitions: [NAME, ...columns.map((c) => column(c))],
          rows: rows.map(([name, rv, ...cells]) => ({
            namespace: 'ns',
            name: name as string,
            resourceVersion: rv as string,
            cells: [name, ...cells],
          })),
        }),
      },
    ) as { rows: Array<{ cells: unknown[] }> };
  const meta = (name: string, rv: string, created = ago(30_000)) => ({
    name,
    namespace: 'ns',
    resourceVersion: rv,
    creationTimestamp: created,
  });

  it('prints durations as kube-apiserver does', () => {
    const s = 1000;
    const m = 60 * s;
    const h = 60 * m;
    const d = 24 * h;
    expect(
      [-5 * s, -1 * s, 0, 119 * s, 2 * m, 5 * m + 3 * s, 42 * m, 3 * h + 20 * m, 20 * h, 2 * d + 4 * h, 40 * d]
        .concat([3 * 365 * d + 20 * d, 9 * 365 * d])
        .map(humanDuration),
    ).toEqual(['<invalid>', '0s', '0s', '119s', '2m', '5m3s', '42m', '3h20m', '20h', '2d4h', '40d', '3y20d', '9y']);
  });

  it('answers the recorded cells of an object in its recorded state, Age counted now; <unknown> for another state', () => {
    const t = table(
      { group: '', kind: 'ConfigMap' },
      ['Data', 'Age'],
      [{ metadata: meta('same', '5') }, { metadata: meta('changed', '7') }, { metadata: meta('new', '8') }],
      [
        ['same', '5', 2, '1d'],
        ['changed', '6', 4, '1d'],
      ],
    );
    expect(t.rows.map((r) => r.cells)).toEqual([
      ['same', 2, '30s'],
      ['changed', '<unknown>', '30s'],
      ['new', '<unknown>', '30s'],
    ]);
  });

  it('counts the clock columns of Jobs, CronJobs, Events and Pods again', () => {
    const job = (name: string, status: object) => ({ metadata: meta(name, '1'), status });
    expect(
      table(
        { group: 'batch', kind: 'Job' },
        ['Duration'],
        [
          job('running', { startTime: ago(90_000) }),
          job('done', { startTime: ago(600_000), completionTime: ago(600_000 - 303_000) }),
          job('new', {}),
        ],
        [
          ['running', '1', '1s'],
          ['done', '1', '1s'],
          ['new', '1', 'x'],
        ],
      ).rows.map((r) => r.cells[1]),
    ).toEqual(['90s', '5m3s', '']);
    expect(
      table(
        { group: 'batch', kind: 'CronJob' },
        ['Last Schedule'],
        [{ metadata: meta('never', '1') }, { metadata: meta('ran', '1'), status: { lastScheduleTime: ago(45_000) } }],
        [
          ['never', '1', '1s'],
          ['ran', '1', '1s'],
        ],
      ).rows.map((r) => r.cells[1]),
    ).toEqual(['<none>', '45s']);
    const events = [
      { metadata: meta('last', '1'), firstTimestamp: ago(100_000), lastTimestamp: ago(20_000) },
      { metadata: meta('first', '1'), firstTimestamp: ago(100_000) },
      { metadata: meta('series', '1'), eventTime: ago(100_000), series: { lastObservedTime: ago(5_000) } },
    ];
    expect(
      table(
        { group: '', kind: 'Event' },
        ['Last Seen', 'First Seen'],
        events,
        events.map((e) => [e.metadata.name, '1', 'x', 'y']),
      ).rows.map((r) => r.cells.slice(1)),
    ).toEqual([
      ['20s', '100s'],
      ['100s', '100s'],
      ['5s', '100s'],
    ]);
    const pod = (name: string, finished?: string) => ({
      metadata: meta(name, '1'),
      status: { containerStatuses: [{ lastState: finished ? { terminated: { finishedAt: finished } } : {} }] },
    });
    expect(
      table(
        { group: '', kind: 'Pod' },
        ['Restarts'],
        [pod('restarted', ago(700_000)), pod('steady')],
        [
          ['restarted', '1', '3 (2m ago)'],
          ['steady', '1', '0'],
        ],
      ).rows.map((r) => r.cells[1]),
    ).toEqual(['3 (11m ago)', '0']);
  });
});
