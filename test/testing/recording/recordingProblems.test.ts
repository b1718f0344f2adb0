/**
 * FakeApiServer over hand-written recordings: kinds served only from recorded discovery, objects
 * kept exactly as recorded, and bad input (an unreadable folder, a corrupt YAML file, a kind
 * without definition, a bad watch line) named in `problems` while the rest is served.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { FakeApiServer, FakeStorage, isTestEnvironmentError, RECORDING_FORMAT, serveRecording } from '@kubekit/testing';
import { stringify } from 'yaml';
import {
  discoveryPath,
  groupVersionPath,
  NAMESPACES_DIR,
  objectPath,
  RECORDING_FILE,
  tablePath,
  VERSION_FILE,
  WATCH_FILE,
} from '../../../packages/testing/src/recording/layout.js';

const CM = { group: '', version: 'v1', resource: 'configmaps' };
const GIZMOS = { group: 'example.com', version: 'v1', resource: 'gizmos' };

async function put(dir: string, file: string, text: string): Promise<void> {
  await mkdir(dirname(join(dir, file)), { recursive: true });
  await writeFile(join(dir, file), text);
}

/** A recording with a ConfigMap, a Namespace and a custom Gizmo (from discovery only, no CRD). */
async function writeRecording(dir: string): Promise<void> {
  await put(
    dir,
    RECORDING_FILE,
    JSON.stringify({
      format: RECORDING_FORMAT,
      startedAt: '2026-01-01T00:00:00Z',
      server: 'x',
      kinds: [],
      refused: [],
    }),
  );
  await put(dir, VERSION_FILE, JSON.stringify({ major: '1', minor: '31', gitVersion: 'v1.31.4' }));
  await put(dir, discoveryPath('/api'), JSON.stringify({ kind: 'APIVersions', versions: ['v1'] }));
  await put(
    dir,
    discoveryPath('/apis'),
    JSON.stringify({ kind: 'APIGroupList', groups: [{ name: 'example.com', versions: [{ version: 'v1' }] }] }),
  );
  await put(
    dir,
    discoveryPath(groupVersionPath('', 'v1')),
    JSON.stringify({
      kind: 'APIResourceList',
      groupVersion: 'v1',
      resources: [
        {
          name: 'configmaps',
          singularName: 'configmap',
          namespaced: true,
          kind: 'ConfigMap',
          verbs: ['get', 'list', 'watch'],
          shortNames: ['cm'],
        },
        { name: 'namespaces', singularName: 'namespace', namespaced: false, kind: 'Namespace', verbs: ['get', 'list'] },
      ],
    }),
  );
  await put(
    dir,
    discoveryPath(groupVersionPath('example.com', 'v1')),
    JSON.stringify({
      kind: 'APIResourceList',
      groupVersion: 'example.com/v1',
      resources: [
        {
          name: 'gizmos',
          singularName: 'gizmo',
          namespaced: true,
          kind: 'Gizmo',
          verbs: ['get', 'list', 'watch'],
          shortNames: ['gz'],
        },
        { name: 'gizmos/status', singularName: '', namespaced: true, kind: 'Gizmo', verbs: ['get'] },
      ],
    }),
  );
  const meta = (name: string, rv: string, extra: object = {}) => ({
    name,
    uid: `uid-${name}`,
    resourceVersion: rv,
    creationTimestamp: '2020-02-02T02:02:02Z',
    ...extra,
  });
  await put(
    dir,
    objectPath({ group: '', version: 'v1', kind: 'Namespace', name: 'prod' }),
    stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: meta('prod', '10'), status: { phase: 'Active' } }),
  );
  await put(
    dir,
    objectPath({ group: '', version: 'v1', kind: 'ConfigMap', namespace: 'prod', name: 'app' }),
    stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('app', '42', {
        namespace: 'prod',
        labels: { tier: 'web' },
        managedFields: [
          { manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: {} },
        ],
        ownerReferences: [{ apiVersion: 'example.com/v1', kind: 'Gizmo', name: 'g', uid: 'uid-g' }],
      }),
      data: { a: '1' },
    }),
  );
  await put(
    dir,
    objectPath({ group: 'example.com', version: 'v1', kind: 'Gizmo', namespace: 'prod', name: 'g' }),
    stringify({
      apiVersion: 'example.com/v1',
      kind: 'Gizmo',
      metadata: meta('g', '30', { namespace: 'prod' }),
      spec: { x: 1 },
      status: { ok: true },
    }),
  );
}

describe('FakeApiServer serving a hand-written recording', () => {
  let dir: string;
  let server: FakeApiServer | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubekit-rec-'));
    await writeRecording(dir);
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('serves recorded kinds only, built-in or custom, with objects exactly as recorded', async () => {
    server = await FakeApiServer.start({ recording: dir, tls: false });
    expect(server.problems).toEqual([]);
    expect(
      server.storage.registry
        .all()
        .map((t) => t.plural)
        .sort(),
    ).toEqual(['configmaps', 'gizmos', 'namespaces']);
    const cm = server.storage.get(CM, 'prod', 'app');
    expect(cm.metadata).toMatchObject({
      uid: 'uid-app',
      resourceVersion: '42',
      creationTimestamp: '2020-02-02T02:02:02Z',
      managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
      ownerReferences: [{ uid: 'uid-g' }],
    });
    expect(server.storage.get(GIZMOS, 'prod', 'g')).toMatchObject({
      status: { ok: true },
      metadata: { resourceVersion: '30' },
    });
    // no default namespaces: only what was recorded
    expect(
      server.storage
        .list({ group: '', version: 'v1', resource: 'namespaces' }, undefined)
        .items.map((n) => n.metadata.name),
    ).toEqual(['prod']);
    expect(server.storage.resourceVersion).toBe('42');
    const res = await fetch(`${server.url}/version`, {
      headers: { authorization: `Bearer ${server.kubeConfig.getCurrentUser()?.token}` },
    });
    expect(await res.json()).toMatchObject({ gitVersion: 'v1.31.4' });
  });

  it('answers writes with a 405 MethodNotAllowed Status', async () => {
    server = await FakeApiServer.start({ recording: dir, tls: false });
    const token = server.kubeConfig.getCurrentUser()?.token;
    const res = await fetch(`${server.url}/api/v1/namespaces/prod/configmaps/app`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(405);
    expect(await res.json()).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'MethodNotAllowed',
      code: 405,
      details: { kind: 'configmaps', name: 'app' },
    });
  });

  it('names a corrupt YAML file, a kind without definition and an unreadable folder, and serves the rest', async () => {
    await put(
      dir,
      objectPath({ group: '', version: 'v1', kind: 'ConfigMap', namespace: 'prod', name: 'bad' }),
      'metadata: {name: [\n',
    );
    await put(
      dir,
      objectPath({ group: 'other.io', version: 'v1', kind: 'Thing', namespace: 'prod', name: 't' }),
      stringify({
        apiVersion: 'other.io/v1',
        kind: 'Thing',
        metadata: { name: 't', namespace: 'prod', resourceVersion: '5' },
      }),
    );
    await symlink(join(dir, 'nowhere'), join(dir, NAMESPACES_DIR, 'gone'));
    await put(dir, WATCH_FILE, '{"offsetMs": 1, "type": "MODIFIED"\n');
    const logged: string[] = [];
    const served = await serveRecording({ dir, log: (l) => logged.push(l) });
    server = served.server;
    expect(served.problems.map((p) => [p.reason, p.file])).toEqual(
      expect.arrayContaining([
        ['InvalidFile', 'namespaces/prod/core/v1/ConfigMap/bad.yaml'],
        ['MissingDefinition', 'namespaces/prod/other.io/v1/Thing/t.yaml'],
        ['Unreadable', 'namespaces/gone'],
        ['InvalidChange', 'watch.jsonl:1'],
      ]),
    );
    expect(served.problems).toHaveLength(4);
    expect(logged).toHaveLength(4);
    expect(logged.join('\n')).toContain('namespaces/prod/core/v1/ConfigMap/bad.yaml');
    expect(server.storage.get(CM, 'prod', 'app').metadata.uid).toBe('uid-app');
    expect(served.kubeconfig).toContain(served.url);
  });

  it('answers Tables from a recorded Table file; one that is not a Table is named and its kind gets Name and Age', async () => {
    const column = (name: string, priority = 0) => ({ name, type: 'string', format: '', description: '', priority });
    await put(
      dir,
      tablePath({ group: '', version: 'v1', kind: 'ConfigMap' }),
      JSON.stringify({
        columnDefinitions: [{ ...column('Name'), format: 'name' }, column('Data'), column('Age'), column('Extra', 1)],
        rows: [{ namespace: 'prod', name: 'app', resourceVersion: '42', cells: ['app', 1, '3d', 'x'] }],
      }),
    );
    await put(dir, tablePath({ group: 'example.com', version: 'v1', kind: 'Gizmo' }), '{"columnDefinitions": [');
    await put(dir, tablePath({ group: '', version: 'v1', kind: 'Namespace' }), JSON.stringify({ rows: [] }));
    server = await FakeApiServer.start({ recording: dir, tls: false });
    expect(server.problems.map((p) => [p.reason, p.file])).toEqual([
      ['InvalidFile', 'tables/core/v1/Namespace.json'],
      ['InvalidFile', 'tables/example.com/v1/Gizmo.json'],
    ]);
    expect(server.problems[0]?.message).toContain('no columnDefinitions');
    const get = async (path: string) =>
      (await (
        await fetch(`${server?.url}${path}`, {
          headers: {
            authorization: `Bearer ${server?.kubeConfig.getCurrentUser()?.token}`,
            accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
          },
        })
      ).json()) as { columnDefinitions: Array<{ name: string }>; rows: Array<{ cells: unknown[] }> };
    const cms = await get('/api/v1/namespaces/prod/configmaps');
    expect(cms.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Data', 'Age', 'Extra']);
    // created 2020-02-02: the age counted now, in years
    expect(cms.rows.map((r) => r.cells)).toEqual([['app', 1, expect.stringMatching(/^\d+y(\d+d)?$/), 'x']]);
    const gizmos = await get('/apis/example.com/v1/namespaces/prod/gizmos');
    expect(gizmos.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Age']);
  });

  it('refuses a folder that cannot be read at all, naming it', async () => {
    const missing = join(dir, 'missing');
    const refusal = (options: Parameters<typeof FakeApiServer.start>[0]) =>
      FakeApiServer.start(options).then(
        () => undefined,
        (e: unknown) => e,
      );
    const missingFolder = await refusal({ recording: missing });
    expect(isTestEnvironmentError(missingFolder, 'InvalidRecording')).toBe(true);
    expect((missingFolder as Error).message).toContain(missing);
    const both = await refusal({ recording: dir, storage: new FakeStorage() });
    expect(isTestEnvironmentError(both, 'InvalidRecording')).toBe(true);
    const badSpeed = await refusal({ recording: dir, replay: { speed: 0 } });
    expect(isTestEnvironmentError(badSpeed, 'InvalidRecording')).toBe(true);
    expect((badSpeed as Error).message).toContain('replay.speed');
  });

  it('replays ADDED, MODIFIED (a JSON patch) and DELETED at their recorded resourceVersions', async () => {
    const change = (c: object) =>
      JSON.stringify({ group: '', version: 'v1', kind: 'ConfigMap', namespace: 'prod', ...c });
    await put(
      dir,
      WATCH_FILE,
      [
        change({
          offsetMs: 0,
          type: 'ADDED',
          name: 'new',
          resourceVersion: '50',
          object: { metadata: { name: 'new', namespace: 'prod', uid: 'u-new' }, data: {} },
        }),
        change({
          offsetMs: 5,
          type: 'MODIFIED',
          name: 'app',
          resourceVersion: '51',
          patch: [{ op: 'replace', path: '/data/a', value: '2' }],
        }),
        change({ offsetMs: 9, type: 'DELETED', name: 'new', resourceVersion: '52' }),
      ].join('\n'),
    );
    server = await FakeApiServer.start({ recording: dir, tls: false, replay: { fromStart: true, speed: 1000 } });
    const events: string[] = [];
    const watch = server.storage.watch(CM, 'prod', { resourceVersion: '42' }, (e) =>
      events.push(`${e.type} ${e.object.metadata?.name} ${e.object.metadata?.resourceVersion}`),
    );
    await server.replay?.done;
    watch.stop();
    expect(events).toEqual(['ADDED new 50', 'MODIFIED app 51', 'DELETED new 52']);
    expect(server.storage.get(CM, 'prod', 'app').data).toEqual({ a: '2' });
    expect(server.problems).toEqual([]);
    // a watch from before the recording is gone
    expect(() => server?.storage.watch(CM, 'prod', { resourceVersion: '3' }, () => {})).toThrow(
      expect.objectContaining({ reason: 'Expired' }),
    );
  });

  it('logs a change that cannot be replayed when its time comes, and plays the rest', async () => {
    const change = (c: object) =>
      JSON.stringify({ group: '', version: 'v1', kind: 'ConfigMap', namespace: 'prod', ...c });
    await put(
      dir,
      WATCH_FILE,
      [
        change({ offsetMs: 1, type: 'MODIFIED', name: 'absent', resourceVersion: '50', patch: [] }),
        change({ offsetMs: 2, type: 'DELETED', name: 'app', resourceVersion: '51' }),
      ].join('\n'),
    );
    const logged: string[] = [];
    const served = await serveRecording({ dir, fromStart: true, speed: 100, log: (l) => logged.push(l) });
    server = served.server;
    await server.replay?.done;
    expect(logged).toEqual([
      expect.stringMatching(/^warning: InvalidChange: watch\.jsonl:1: MODIFIED of ConfigMap "absent"/),
    ]);
    expect(served.problems.map((p) => p.file)).toEqual(['watch.jsonl:1']);
    expect(() => server?.storage.get(CM, 'prod', 'app')).toThrow(expect.objectContaining({ reason: 'NotFound' }));
  });

  it('writable: writes go to memory with the kinds\u2019 rules', async () => {
    server = await FakeApiServer.start({ recording: dir, tls: false, writable: true });
    const created = server.storage.create(CM, 'prod', { metadata: { name: 'w' }, data: { k: 'v' } });
    expect(Number(created.metadata.resourceVersion)).toBeGreaterThan(42);
    expect(server.storage.get(CM, 'prod', 'w').data).toEqual({ k: 'v' });
  });
});
