/**
 * Conformance: label and field selectors on core kinds (ConfigMaps, and Pods and Events where a
 * field selector needs their fields), parsed, matched and refused as kube-apiserver does.
 */
import { expect } from '@jest/globals';
import { type ConformanceCase, call, type ServerUnderTest, unique } from '../support.js';

const configMaps = (sut: ServerUnderTest) => `/api/v1/namespaces/${sut.namespace}/configmaps`;

/** Creates one ConfigMap per label set, named `<set>-<i>`, each labelled `set=<set>` too. */
async function seed(sut: ServerUnderTest, labels: Array<Record<string, string>>): Promise<string> {
  const set = unique('sel');
  for (const [i, l] of labels.entries()) {
    const r = await call(sut, 'POST', configMaps(sut), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${set}-${i}`, labels: { set, ...l } },
    });
    expect(r.status).toBe(201);
  }
  return set;
}

/** The ConfigMaps of `set` a label selector (ANDed with `set=<set>`) lists, by index. */
async function select(sut: ServerUnderTest, set: string, selector: string): Promise<number[]> {
  const r = await call(sut, 'GET', `${configMaps(sut)}?labelSelector=${encodeURIComponent(`set=${set},${selector}`)}`);
  expect(r.status).toBe(200);
  return (r.body.items as Array<{ metadata: { name: string } }>).map((i) =>
    Number(i.metadata.name.slice(set.length + 1)),
  );
}

/** The Status body of a 400 BadRequest with `message`. */
const badRequest = (message: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason: 'BadRequest',
  code: 400,
});

/** The answer to a ConfigMap list with one query parameter. */
const listWith = (sut: ServerUnderTest, param: 'labelSelector' | 'fieldSelector', selector: string) =>
  call(sut, 'GET', `${configMaps(sut)}?${param}=${encodeURIComponent(selector)}`);

export const selectorCases: ConformanceCase[] = [
  {
    name: 'label selector `env in (x,)` matches x and the empty value; `in ()` the empty value alone',
    async run(sut) {
      const set = await seed(sut, [{ env: 'x' }, { env: '' }, { env: 'y' }, {}]);
      expect(await select(sut, set, 'env in (x,)')).toEqual([0, 1]);
      expect(await select(sut, set, 'env in (,x)')).toEqual([0, 1]);
      expect(await select(sut, set, 'env in ()')).toEqual([1]);
      expect(await select(sut, set, 'env notin (x,)')).toEqual([2, 3]);
      expect(await select(sut, set, 'env=')).toEqual([1]);
    },
  },
  {
    name: 'label selectors `app>1` and `app<1` compare integers; other values never match',
    async run(sut) {
      const set = await seed(sut, [{ app: '0' }, { app: '1' }, { app: '2' }, { app: '10' }, { app: 'x' }, {}]);
      expect(await select(sut, set, 'app>1')).toEqual([2, 3]);
      expect(await select(sut, set, 'app<1')).toEqual([0]);
      expect(await select(sut, set, 'app>0,app<10')).toEqual([1, 2]);
      expect((await listWith(sut, 'labelSelector', 'app>x')).body).toEqual(
        badRequest(
          `unable to parse requirement: values[0]: Invalid value: "x": for 'Gt', 'Lt' operators, the value must be an integer`,
        ),
      );
    },
  },
  {
    name: 'label selectors `app`, `!app`, `app!=x` (objects without the label too), `notin`, whitespace',
    async run(sut) {
      const set = await seed(sut, [{ app: 'x' }, { app: 'y' }, { app: '' }, {}]);
      expect(await select(sut, set, 'app')).toEqual([0, 1, 2]);
      expect(await select(sut, set, '!app')).toEqual([3]);
      expect(await select(sut, set, 'app!=x')).toEqual([1, 2, 3]);
      expect(await select(sut, set, 'app notin (x,y)')).toEqual([2, 3]);
      expect(await select(sut, set, 'app == y')).toEqual([1]);
      expect(await select(sut, set, ' app\tin (y) ')).toEqual([1]);
    },
  },
  {
    name: 'label selectors with invalid keys, values or commas are 400 BadRequest with the parser message',
    async run(sut) {
      const keyRegex = `must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`;
      const cases: Array<[string, string]> = [
        ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
        ['-x', `unable to parse requirement: <nil>: Invalid value: "-x": name part ${keyRegex}`],
        [
          `x=${'a'.repeat(64)}`,
          `unable to parse requirement: values[0][x]: Invalid value: "${'a'.repeat(64)}": must be no more than 63 bytes`,
        ],
        ['k=v,,', "found ',', expected: identifier after ','"],
        ['k=v,', "found '', expected: identifier after ','"],
        ['app in (x', "unable to parse requirement: found '', expected: ',' or ')'"],
        ['a=b=c', "found '=', expected: ',' or 'end of string'"],
      ];
      for (const [selector, message] of cases) {
        const r = await listWith(sut, 'labelSelector', selector);
        expect({ selector, body: r.body }).toEqual({ selector, body: badRequest(message) });
      }
    },
  },
  {
    name: 'a watch with a label selector the server cannot parse is 400 BadRequest too',
    async run(sut) {
      const r = await call(sut, 'GET', `${configMaps(sut)}?watch=true&labelSelector=${encodeURIComponent('a b')}`);
      expect(r.body).toEqual(
        badRequest("unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"),
      );
    },
  },
  {
    name: 'field selectors take `=`, `==` and `!=` only: `metadata.name in (a,b)` is 400, never read as `!=`',
    async run(sut) {
      const set = await seed(sut, [{}, {}]);
      const named = async (selector: string) => {
        const r = await call(
          sut,
          'GET',
          `${configMaps(sut)}?labelSelector=set%3D${set}&fieldSelector=${encodeURIComponent(selector)}`,
        );
        expect(r.status).toBe(200);
        return (r.body.items as Array<{ metadata: { name: string } }>).map((i) => i.metadata.name);
      };
      expect(await named(`metadata.name==${set}-1`)).toEqual([`${set}-1`]);
      expect(await named(`metadata.name!=${set}-1`)).toEqual([`${set}-0`]);
      expect(await named(`metadata.name=${set}-0,,metadata.namespace=${sut.namespace}`)).toEqual([`${set}-0`]);
      expect(await named('metadata.name=')).toEqual([]);
      expect((await listWith(sut, 'fieldSelector', `metadata.name in (${set}-0,${set}-1)`)).body).toEqual(
        // The server reads the terms in sorted order and names the first it cannot understand.
        badRequest(
          `invalid selector: 'metadata.name in (${set}-0,${set}-1)'; can't understand 'metadata.name in (${set}-0'`,
        ),
      );
      expect((await listWith(sut, 'fieldSelector', '!metadata.name')).body).toEqual(
        badRequest("invalid selector: '!metadata.name'; can't understand '!metadata.name'"),
      );
      expect((await listWith(sut, 'fieldSelector', 'metadata.name>1')).body).toEqual(
        badRequest("invalid selector: 'metadata.name>1'; can't understand 'metadata.name>1'"),
      );
    },
  },
  {
    name: 'a field a ConfigMap does not have is 400 with the default conversion message',
    async run(sut) {
      expect((await listWith(sut, 'fieldSelector', 'spec.x=y')).body).toEqual(
        badRequest('"spec.x" is not a known field selector: only "metadata.name", "metadata.namespace"'),
      );
      // Nothing is trimmed: the field is `metadata.name `.
      expect((await listWith(sut, 'fieldSelector', 'metadata.name = a')).body).toEqual(
        badRequest('"metadata.name " is not a known field selector: only "metadata.name", "metadata.namespace"'),
      );
    },
  },
  {
    name: 'field selector values escape `,`, `=` and `\\`; bad escapes are 400',
    async run(sut) {
      const events = `/api/v1/namespaces/${sut.namespace}/events`;
      const name = unique('ev');
      const reason = 'a,b=c\\d';
      const created = await call(sut, 'POST', events, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name },
        involvedObject: { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', namespace: sut.namespace },
        reason,
        message: 'selector escaping',
        type: 'Normal',
        source: { component: 'kubekit-conformance' },
      });
      expect(created.status).toBe(201);
      const byReason = (value: string) =>
        call(sut, 'GET', `${events}?fieldSelector=${encodeURIComponent(`reason=${value}`)}`);
      const found = await byReason('a\\,b\\=c\\\\d');
      expect(found.status).toBe(200);
      expect(found.body.items.map((e: { metadata: { name: string } }) => e.metadata.name)).toEqual([name]);
      // `source` is the source's component.
      const bySource = await call(
        sut,
        'GET',
        `${events}?fieldSelector=${encodeURIComponent(`source=kubekit-conformance,metadata.name=${name}`)}`,
      );
      expect(bySource.body.items.map((e: { metadata: { name: string } }) => e.metadata.name)).toEqual([name]);
      expect((await byReason('a,b')).body).toEqual(badRequest("invalid selector: 'reason=a,b'; can't understand 'b'"));
      expect((await byReason('a=b')).body).toEqual(
        badRequest('invalid field selector: unescaped character in value: 61'),
      );
      expect((await byReason('a\\b')).body).toEqual(badRequest('invalid field selector: invalid escape sequence: \\b'));
      expect((await byReason('a\\')).body).toEqual(badRequest('invalid field selector: invalid escape sequence: \\'));
    },
  },
  {
    name: 'a field the object does not have compares as the empty value',
    async run(sut) {
      const pods = `/api/v1/namespaces/${sut.namespace}/pods`;
      const name = unique('unscheduled');
      const created = await call(sut, 'POST', pods, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: { containers: [{ name: 'c', image: 'registry.example/c:1' }] },
      });
      expect(created.status).toBe(201);
      const names = async (selector: string) =>
        (await call(sut, 'GET', `${pods}?fieldSelector=${encodeURIComponent(selector)}`)).body.items.map(
          (p: { metadata: { name: string } }) => p.metadata.name,
        );
      expect(await names(`spec.nodeName=,metadata.name=${name}`)).toEqual([name]);
      expect(await names(`spec.nodeName!=,metadata.name=${name}`)).toEqual([]);
      expect(await names(`status.podIP=,metadata.name=${name}`)).toEqual([name]);
      // Some fields are derived by the kind: an unset `spec.hostNetwork` is `false`.
      expect(await names(`spec.hostNetwork=false,metadata.name=${name}`)).toEqual([name]);
      expect(await names(`spec.hostNetwork=,metadata.name=${name}`)).toEqual([]);
      expect((await call(sut, 'GET', `${pods}?fieldSelector=spec.x%3Dy`)).body).toEqual(
        badRequest('field label not supported: spec.x'),
      );
    },
  },
  {
    name: "a Job's `status.successful` is its `status.succeeded`, 0 when unset; other fields are refused in Job's words",
    async run(sut) {
      const jobs = `/apis/batch/v1/namespaces/${sut.namespace}/jobs`;
      const name = unique('job');
      const created = await call(sut, 'POST', jobs, {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name },
        spec: {
          template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'registry.example/c:1' }] } },
        },
      });
      expect(created.status).toBe(201);
      const names = async (selector: string) =>
        (await call(sut, 'GET', `${jobs}?fieldSelector=${encodeURIComponent(selector)}`)).body.items.map(
          (j: { metadata: { name: string } }) => j.metadata.name,
        );
      expect(await names(`status.successful=0,metadata.name=${name}`)).toEqual([name]);
      expect(await names(`status.successful=,metadata.name=${name}`)).toEqual([]);
      expect((await call(sut, 'GET', `${jobs}?fieldSelector=spec.x%3Dy`)).body).toEqual(
        badRequest('field label "spec.x" not supported for Job'),
      );
    },
  },
];
