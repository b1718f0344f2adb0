import { describe, expect, it } from '@jest/globals';
import { apiErrorFrom, builtinKinds, RestMapper } from '@kubekit/client';

const widgets = {
  kind: 'APIResourceList',
  groupVersion: 'g.io/v1',
  resources: [
    { name: 'widgets', kind: 'Widget', namespaced: true, verbs: ['get', 'list', 'watch'] },
    { name: 'widgets/status', kind: 'Widget', namespaced: true, verbs: ['get', 'update'] },
    { name: 'widgets/scale', kind: 'Scale', namespaced: true, verbs: ['get'] },
    { name: 'gizmos', kind: 'Gizmo', namespaced: false, verbs: ['get'] },
  ],
};

/** A discovery fetch that answers from `docs` (a 404 for paths it lacks) and records the paths. */
function fakeDiscovery(docs: Record<string, unknown>) {
  const asked: string[] = [];
  const fetch = async (path: string) => {
    asked.push(path);
    await Promise.resolve();
    if (!(path in docs)) throw apiErrorFrom({ code: 404 });
    return docs[path];
  };
  return { asked, fetch };
}

describe('RestMapper', () => {
  it('maps a kind through its group-version document, with subresources and verbs', async () => {
    const d = fakeDiscovery({ '/apis/g.io/v1': widgets });
    const mapper = new RestMapper(d.fetch);
    expect(await mapper.mapping({ apiVersion: 'g.io/v1', kind: 'Widget' })).toEqual({
      group: 'g.io',
      version: 'v1',
      kind: 'Widget',
      resource: 'widgets',
      scope: 'Namespaced',
      subresources: ['status', 'scale'],
      verbs: ['get', 'list', 'watch'],
    });
    expect((await mapper.mapping({ apiVersion: 'g.io/v1', kind: 'Gizmo' })).scope).toBe('Cluster');
    expect(d.asked).toEqual(['/apis/g.io/v1']); // cached per group-version
  });

  it('asks the core group at /api/v1', async () => {
    const d = fakeDiscovery({ '/api/v1': { resources: [{ name: 'pods', kind: 'Pod', namespaced: true }] } });
    expect((await new RestMapper(d.fetch).mapping({ apiVersion: 'v1', kind: 'Pod' })).resource).toBe('pods');
    expect(d.asked).toEqual(['/api/v1']);
  });

  it('maps declared descriptors without a request', async () => {
    const d = fakeDiscovery({});
    const m = await new RestMapper(d.fetch).mapping(builtinKinds.Deployment);
    expect(m).toMatchObject({ group: 'apps', version: 'v1', resource: 'deployments', scope: 'Namespaced' });
    expect(d.asked).toEqual([]);
  });

  it('maps a bare reference to a registered descriptor without a request', async () => {
    const d = fakeDiscovery({});
    const mapper = new RestMapper(d.fetch, [builtinKinds.ConfigMap]);
    expect((await mapper.mapping({ apiVersion: 'v1', kind: 'ConfigMap' })).resource).toBe('configmaps');
    await expect(mapper.mapping({ apiVersion: 'v1', kind: 'Secret' })).rejects.toMatchObject({ reason: 'NoKindMatch' });
    expect(d.asked).toEqual(['/api/v1']);
  });

  it('refetches on a miss, so kinds added later are found', async () => {
    const docs: Record<string, unknown> = { '/apis/g.io/v1': widgets };
    const d = fakeDiscovery(docs);
    const mapper = new RestMapper(d.fetch);
    await mapper.mapping({ apiVersion: 'g.io/v1', kind: 'Widget' });
    docs['/apis/g.io/v1'] = {
      resources: [...widgets.resources, { name: 'sprockets', kind: 'Sprocket', namespaced: true }],
    };
    expect((await mapper.mapping({ apiVersion: 'g.io/v1', kind: 'Sprocket' })).resource).toBe('sprockets');
    expect(d.asked).toEqual(['/apis/g.io/v1', '/apis/g.io/v1']);
  });

  it('throws NoKindMatch for an unserved group-version or kind, after one refresh', async () => {
    const d = fakeDiscovery({ '/apis/g.io/v1': widgets });
    const mapper = new RestMapper(d.fetch);
    await expect(mapper.mapping({ apiVersion: 'other.io/v1', kind: 'X' })).rejects.toMatchObject({
      reason: 'NoKindMatch',
      apiVersion: 'other.io/v1',
      kind: 'X',
    });
    await mapper.mapping({ apiVersion: 'g.io/v1', kind: 'Widget' });
    await expect(mapper.mapping({ apiVersion: 'g.io/v1', kind: 'Nope' })).rejects.toMatchObject({
      reason: 'NoKindMatch',
    });
    expect(d.asked).toEqual(['/apis/other.io/v1', '/apis/g.io/v1', '/apis/g.io/v1']);
  });

  it('shares one request between concurrent lookups', async () => {
    const d = fakeDiscovery({ '/apis/g.io/v1': widgets });
    const mapper = new RestMapper(d.fetch);
    await Promise.all([
      mapper.mapping({ apiVersion: 'g.io/v1', kind: 'Widget' }),
      mapper.mapping({ apiVersion: 'g.io/v1', kind: 'Gizmo' }),
      mapper.mapping({ apiVersion: 'g.io/v1', kind: 'Widget' }),
    ]);
    expect(d.asked).toHaveLength(1);
  });

  it('passes other discovery failures on and does not cache them', async () => {
    let fail = true;
    const mapper = new RestMapper(async () => {
      if (fail) throw apiErrorFrom({ code: 503 });
      return widgets;
    });
    await expect(mapper.mapping({ apiVersion: 'g.io/v1', kind: 'Widget' })).rejects.toMatchObject({
      reason: 'ServiceUnavailable',
    });
    fail = false;
    expect((await mapper.mapping({ apiVersion: 'g.io/v1', kind: 'Widget' })).resource).toBe('widgets');
  });

  it('forgets what it discovered when invalidated', async () => {
    const d = fakeDiscovery({ '/apis/g.io/v1': widgets });
    const mapper = new RestMapper(d.fetch);
    await mapper.mapping({ apiVersion: 'g.io/v1', kind: 'Widget' });
    mapper.invalidate('g.io/v1');
    await mapper.mapping({ apiVersion: 'g.io/v1', kind: 'Widget' });
    expect(d.asked).toHaveLength(2);
  });

  it('peeks at mappings it knows without asking, and forgets them with their document', async () => {
    const docs: Record<string, unknown> = { '/apis/g.io/v1': widgets };
    const d = fakeDiscovery(docs);
    const mapper = new RestMapper(d.fetch);
    const widget = { apiVersion: 'g.io/v1', kind: 'Widget' };
    expect(mapper.peek(widget)).toBeUndefined();
    expect(mapper.peek(builtinKinds.Deployment)?.resource).toBe('deployments');
    await mapper.mapping(widget);
    expect(mapper.peek(widget)?.resource).toBe('widgets');
    // a miss on another kind refetches the document: what it knew of Widget is looked up again
    docs['/apis/g.io/v1'] = { ...widgets, resources: [{ name: 'widgetz', kind: 'Widget', namespaced: false }] };
    await expect(mapper.mapping({ apiVersion: 'g.io/v1', kind: 'Nothing' })).rejects.toMatchObject({
      reason: 'NoKindMatch',
    });
    expect(mapper.peek(widget)).toBeUndefined();
    expect(await mapper.mapping(widget)).toMatchObject({ resource: 'widgetz', scope: 'Cluster' });
    mapper.invalidate('g.io/v1');
    expect(mapper.peek(widget)).toBeUndefined();
    expect(d.asked).toEqual(['/apis/g.io/v1', '/apis/g.io/v1']);
  });
});
