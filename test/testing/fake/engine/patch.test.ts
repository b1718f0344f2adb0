import { describe, expect, it } from '@jest/globals';
import { jsonPatch, mergePatch, strategicMergePatch } from '../../../../packages/testing/src/fake/engine/patch.js';

describe('patches', () => {
  it('merge patch: objects merge, null deletes, lists replace', () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] })).toEqual({
      a: { c: 2, d: 3 },
      l: [3],
    });
  });

  it('JSON patch: add, replace, remove, move, copy and test; a failed test throws Invalid', () => {
    const doc = { a: { b: 1 }, l: [1, 2] };
    const out = jsonPatch(doc, [
      { op: 'add', path: '/l/-', value: 3 },
      { op: 'replace', path: '/a/b', value: 2 },
      { op: 'copy', from: '/a/b', path: '/c' },
      { op: 'move', from: '/c', path: '/d' },
      { op: 'remove', path: '/l/0' },
      { op: 'test', path: '/d', value: 2 },
    ]);
    expect(out).toEqual({ a: { b: 2 }, l: [2, 3], d: 2 });
    expect(doc).toEqual({ a: { b: 1 }, l: [1, 2] });
    expect(() => jsonPatch(doc, [{ op: 'test', path: '/a/b', value: 9 }])).toThrow(
      expect.objectContaining({ reason: 'Invalid' }),
    );
    expect(() => jsonPatch(doc, [{ op: 'remove', path: '/nope' }])).toThrow(expect.objectContaining({ code: 422 }));
  });

  it('JSON patch as the real server: replace adds a missing map key, test passes null for a missing one', () => {
    const doc = { data: { a: '1' } };
    expect(jsonPatch(doc, [{ op: 'replace', path: '/data/b', value: '2' }])).toEqual({ data: { a: '1', b: '2' } });
    expect(jsonPatch(doc, [{ op: 'test', path: '/data/missing', value: null }])).toEqual(doc);
    expect(() => jsonPatch({ l: [1] }, [{ op: 'replace', path: '/l/3', value: 2 }])).toThrow(
      expect.objectContaining({ code: 422 }),
    );
  });

  it('JSON patch refuses an operation without a path with the real 422, keeping why as the cause', () => {
    let err: unknown;
    try {
      jsonPatch({ a: 1 }, [{ op: 'add', value: 1 }]);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({
      reason: 'Invalid',
      code: 422,
      message: 'the server rejected our request due to an error in our request',
      cause: expect.objectContaining({ message: 'operation missing path field' }),
    });
    expect(() => jsonPatch({}, { op: 'add' })).toThrow(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  });

  it("strategic merge by the kind's merge keys: ports by containerPort, finalizers as a set", () => {
    const keys = (path: readonly string[]) =>
      path.at(-1) === 'containers'
        ? 'name'
        : path.at(-1) === 'ports'
          ? 'containerPort'
          : path.at(-1) === 'finalizers'
            ? ''
            : undefined;
    const pod = {
      metadata: { finalizers: ['a'] },
      spec: { containers: [{ name: 'web', ports: [{ containerPort: 80, name: 'http' }] }] },
    };
    const out = strategicMergePatch(
      pod,
      {
        metadata: { finalizers: ['b', 'a'] },
        spec: {
          containers: [{ name: 'web', ports: [{ containerPort: 8080 }, { containerPort: 80, protocol: 'TCP' }] }],
        },
      },
      keys,
    );
    // Patch items come in the patch's order; items only the object had keep their place before them.
    expect(out).toEqual({
      metadata: { finalizers: ['b', 'a'] },
      spec: {
        containers: [
          { name: 'web', ports: [{ containerPort: 8080 }, { containerPort: 80, name: 'http', protocol: 'TCP' }] },
        ],
      },
    });
  });

  it('strategic merge: lists of named objects merge by name, $patch: delete removes, directives are ignored', () => {
    const pod = {
      spec: {
        containers: [
          { name: 'a', image: 'x:1' },
          { name: 'b', image: 'y:1' },
        ],
      },
    };
    const out = strategicMergePatch(pod, {
      $setElementOrder: [],
      spec: {
        containers: [
          { name: 'a', image: 'x:2' },
          { name: 'b', $patch: 'delete' },
          { name: 'c', image: 'z:1' },
        ],
      },
    });
    expect(out).toEqual({
      spec: {
        containers: [
          { name: 'a', image: 'x:2' },
          { name: 'c', image: 'z:1' },
        ],
      },
    });
  });
});
