/** Conformance: watch order, sendInitialEvents with its bookmark, selector transitions, 410 Gone. */
import { expect } from '@jest/globals';
import { type ConformanceCase, call, unique, watchUntil, widget, widgets } from '../support.js';

const rv = (e: { object: { metadata: { resourceVersion: string } } }) => Number(e.object.metadata.resourceVersion);

export const watchCases: ConformanceCase[] = [
  {
    name: 'a watch from a list resourceVersion sees ADDED, MODIFIED, DELETED in order with rising resourceVersions',
    async run(sut) {
      const name = unique('w');
      const list = (await call(sut, 'GET', widgets(sut))).body;
      const path = `${widgets(sut)}?watch=true&resourceVersion=${list.metadata.resourceVersion}&fieldSelector=metadata.name%3D${name}`;
      const events = watchUntil(sut, path, (es) => es.some((e) => e.type === 'DELETED'));
      const created = (await call(sut, 'POST', widgets(sut), widget(name, { size: 1 }))).body;
      await call(sut, 'PUT', `${widgets(sut)}/${name}`, { ...created, spec: { size: 2 } });
      await call(sut, 'DELETE', `${widgets(sut)}/${name}`);
      const got = await events;
      expect(got.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
      expect(got[1]?.object.spec.size).toBe(2);
      expect(rv(got[0] as never)).toBeLessThan(rv(got[1] as never));
      expect(rv(got[1] as never)).toBeLessThan(rv(got[2] as never));
    },
  },
  {
    name: 'sendInitialEvents: the current objects as ADDED, then a BOOKMARK marking initial-events-end',
    async run(sut) {
      const set = unique('si');
      for (const n of ['b', 'a']) await call(sut, 'POST', widgets(sut), widget(`${set}-${n}`, {}, { labels: { set } }));
      const path = `${widgets(sut)}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&labelSelector=set%3D${set}`;
      const got = await watchUntil(sut, path, (es) => es.some((e) => e.type === 'BOOKMARK'));
      expect(got.map((e) => `${e.type} ${e.object.metadata.name ?? ''}`)).toEqual([
        `ADDED ${set}-a`,
        `ADDED ${set}-b`,
        'BOOKMARK ',
      ]);
      const bookmark = got[2]?.object;
      expect(bookmark).toEqual({
        apiVersion: 'test.kubekit.dev/v1',
        kind: 'Widget',
        metadata: { annotations: { 'k8s.io/initial-events-end': 'true' }, resourceVersion: expect.any(String) },
      });
      expect(Number(bookmark.metadata.resourceVersion)).toBeGreaterThanOrEqual(rv(got[1] as never));
    },
  },
  {
    name: 'a watch with a label selector sees an object leave (DELETED) and come back (ADDED)',
    async run(sut) {
      const name = unique('sel');
      const created = (await call(sut, 'POST', widgets(sut), widget(name, {}, { labels: { keep: 'yes', n: name } })))
        .body;
      const path = `${widgets(sut)}?watch=true&resourceVersion=${created.metadata.resourceVersion}&labelSelector=keep%3Dyes,n%3D${name}`;
      const events = watchUntil(sut, path, (es) => es.length >= 2);
      const out = (
        await call(sut, 'PUT', `${widgets(sut)}/${name}`, {
          ...created,
          metadata: { ...created.metadata, labels: { keep: 'no', n: name } },
        })
      ).body;
      await call(sut, 'PUT', `${widgets(sut)}/${name}`, {
        ...out,
        metadata: { ...out.metadata, labels: { keep: 'yes', n: name } },
      });
      const got = await events;
      expect(got.map((e) => e.type)).toEqual(['DELETED', 'ADDED']);
      // DELETED carries the object as it last matched, at the resourceVersion of the change.
      expect(got[0]?.object.metadata.labels.keep).toBe('yes');
      expect(got[0]?.object.metadata.resourceVersion).toBe(out.metadata.resourceVersion);
    },
  },
  {
    name: 'a watch from a resourceVersion older than the history is one ERROR event: 410 Expired',
    async run(sut) {
      const old = await sut.expiredResourceVersion();
      const got = await watchUntil(sut, `${widgets(sut)}?watch=true&resourceVersion=${old}`, (es) => es.length >= 1);
      expect(got).toHaveLength(1);
      expect(got[0]).toEqual({
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: expect.stringMatching(/^too old resource version: \d+ \(\d+\)$/),
          reason: 'Expired',
          code: 410,
        },
      });
    },
  },
];
