/** Conformance: label and field selectors, pagination, and lists at a resourceVersion. */
import { expect } from '@jest/globals';
import { type ConformanceCase, call, type ServerUnderTest, unique, widget, widgets } from '../support.js';

async function seed(sut: ServerUnderTest, set: string, labels: Array<Record<string, string>>): Promise<string[]> {
  const names: string[] = [];
  for (const [i, l] of labels.entries()) {
    const name = `${set}-${i}`;
    await call(sut, 'POST', widgets(sut), widget(name, {}, { labels: { set, ...l } }));
    names.push(name);
  }
  return names;
}

const names = (body: { items: Array<{ metadata: { name: string } }> }) => body.items.map((i) => i.metadata.name);

export const listCases: ConformanceCase[] = [
  {
    name: 'label selectors: =, !=, in, notin, exists and !exists',
    async run(sut) {
      const set = unique('ls');
      await seed(sut, set, [{ tier: 'web' }, { tier: 'db' }, { tier: 'cache', extra: 'y' }, {}]);
      const q = async (sel: string) =>
        names(
          (await call(sut, 'GET', `${widgets(sut)}?labelSelector=${encodeURIComponent(`set=${set},${sel}`)}`)).body,
        );
      expect(await q('tier=web')).toEqual([`${set}-0`]);
      expect(await q('tier!=web')).toEqual([`${set}-1`, `${set}-2`, `${set}-3`]);
      expect(await q('tier in (web,db)')).toEqual([`${set}-0`, `${set}-1`]);
      expect(await q('tier notin (web,db)')).toEqual([`${set}-2`, `${set}-3`]);
      expect(await q('extra')).toEqual([`${set}-2`]);
      expect(await q('!tier')).toEqual([`${set}-3`]);
    },
  },
  {
    name: 'field selector on metadata.name; an unsupported field is 400',
    async run(sut) {
      const set = unique('fs');
      await seed(sut, set, [{}, {}]);
      const r = await call(sut, 'GET', `${widgets(sut)}?fieldSelector=metadata.name%3D${set}-1`);
      expect(names(r.body)).toEqual([`${set}-1`]);
      const bad = await call(sut, 'GET', `${widgets(sut)}?fieldSelector=spec.x%3Dy`);
      expect(bad.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'field label not supported: spec.x',
        reason: 'BadRequest',
        code: 400,
      });
    },
  },
  {
    name: 'pagination: limit and continue walk every item once, in name order, at one resourceVersion',
    async run(sut) {
      const set = unique('pg');
      const all = await seed(sut, set, [{}, {}, {}, {}, {}]);
      const base = `${widgets(sut)}?labelSelector=set%3D${set}&limit=2`;
      const first = (await call(sut, 'GET', base)).body;
      expect(names(first)).toEqual(all.slice(0, 2));
      // With a selector the server cannot count what is left.
      expect(first.metadata.remainingItemCount).toBeUndefined();
      await call(sut, 'POST', widgets(sut), widget(`${set}-9`, {}, { labels: { set } }));
      const second = (await call(sut, 'GET', `${base}&continue=${encodeURIComponent(first.metadata.continue)}`)).body;
      expect(names(second)).toEqual(all.slice(2, 4));
      expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
      const third = (await call(sut, 'GET', `${base}&continue=${encodeURIComponent(second.metadata.continue)}`)).body;
      expect(names(third)).toEqual(all.slice(4));
      // Custom resource lists say there is no more with an empty continue.
      expect(third.metadata.continue).toBe('');
    },
  },
  {
    name: 'without a selector, a page counts the remaining items',
    async run(sut) {
      const all = (await call(sut, 'GET', widgets(sut))).body.items.length;
      await call(sut, 'POST', widgets(sut), widget(unique('cnt')));
      await call(sut, 'POST', widgets(sut), widget(unique('cnt')));
      const page = (await call(sut, 'GET', `${widgets(sut)}?limit=1`)).body;
      expect(page.items).toHaveLength(1);
      expect(page.metadata.remainingItemCount).toBe(all + 1);
    },
  },
  {
    name: 'a malformed continue token is 400 BadRequest',
    async run(sut) {
      const r = await call(sut, 'GET', `${widgets(sut)}?limit=1&continue=garbage`);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ reason: 'BadRequest', message: expect.stringMatching(/^invalid continue token/) });
    },
  },
  {
    name: 'a list at an exact older resourceVersion shows the objects as they were',
    async run(sut) {
      const set = unique('ex');
      await seed(sut, set, [{}]);
      const before = (await call(sut, 'GET', `${widgets(sut)}?labelSelector=set%3D${set}`)).body;
      await call(sut, 'POST', widgets(sut), widget(`${set}-new`, {}, { labels: { set } }));
      const exact = await call(
        sut,
        'GET',
        `${widgets(sut)}?labelSelector=set%3D${set}&resourceVersion=${before.metadata.resourceVersion}&resourceVersionMatch=Exact`,
      );
      expect(exact.status).toBe(200);
      expect(names(exact.body)).toEqual([`${set}-0`]);
      expect(exact.body.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    },
  },
];
