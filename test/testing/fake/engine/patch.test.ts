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
