/**
 * Label selectors read as kube-apiserver reads them: the cases kubekit once got wrong, the error a
 * refused selector throws, and the pair form. (Every parse and match is also checked against
 * apimachinery itself in apimachinery.test.ts.)
 */
import { describe, expect, it } from '@jest/globals';
import { BadRequestError, findReason, labelSelectorString, parseLabelSelector } from '@kubekit/core';

type LabelSet = Record<string, string> | undefined;

const matching = (selector: string, sets: LabelSet[]) => {
  const parsed = parseLabelSelector(selector);
  return sets.filter((labels) => parsed.matches(labels));
};

describe('parseLabelSelector', () => {
  it('reads `in (x,)` as x or the empty value, and `in ()` as the empty value', () => {
    const sets: LabelSet[] = [{ env: 'x' }, { env: '' }, { env: 'y' }, {}];
    expect(matching('env in (x,)', sets)).toEqual([{ env: 'x' }, { env: '' }]);
    expect(matching('env in ()', sets)).toEqual([{ env: '' }]);
    expect(parseLabelSelector('env in (x,)').requirements).toEqual([{ key: 'env', operator: 'in', values: ['', 'x'] }]);
  });

  it('compares integers with `>` and `<`; labels that are not integers never match', () => {
    const sets: LabelSet[] = [{ app: '0' }, { app: '2' }, { app: '10' }, { app: 'x' }, {}];
    expect(matching('app>1', sets)).toEqual([{ app: '2' }, { app: '10' }]);
    expect(matching('app<1', sets)).toEqual([{ app: '0' }]);
    expect(parseLabelSelector('app>1').requirements).toEqual([{ key: 'app', operator: 'gt', values: ['1'] }]);
  });

  it('lets `!=` and `notin` match objects without the label, `!k` only those', () => {
    const sets: LabelSet[] = [{ app: 'x' }, { app: 'y' }, {}, undefined];
    expect(matching('app!=x', sets)).toEqual([{ app: 'y' }, {}, undefined]);
    expect(matching('app notin (x,y)', sets)).toEqual([{}, undefined]);
    expect(matching('!app', sets)).toEqual([{}, undefined]);
    expect(matching('app', sets)).toEqual([{ app: 'x' }, { app: 'y' }]);
  });

  it('prints the canonical form the server prints: sorted by key, values sorted', () => {
    expect(parseLabelSelector('z, b notin (y,x), !a, c==1').toString()).toBe('!a,b notin (x,y),c==1,z');
  });

  it.each([
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['k=v,,', "found ',', expected: identifier after ','"],
    [
      'app>x',
      `unable to parse requirement: values[0]: Invalid value: "x": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
    [
      `x=${'a'.repeat(64)}`,
      `unable to parse requirement: values[0][x]: Invalid value: "${'a'.repeat(64)}": must be no more than 63 bytes`,
    ],
  ])('refuses %j with a BadRequestError carrying the server message', (selector, message) => {
    const thrown = (() => {
      try {
        parseLabelSelector(selector);
      } catch (err) {
        return err;
      }
    })();
    expect(thrown).toBeInstanceOf(BadRequestError);
    expect(thrown).toMatchObject({ reason: 'BadRequest', code: 400, message, status: { message, code: 400 } });
  });
});

describe('label selector pairs', () => {
  it('are `k=v` requirements, sorted by key', () => {
    expect(labelSelectorString({ tier: 'web', app: '' })).toBe('app=,tier=web');
    expect(parseLabelSelector({ tier: 'web' }).matches({ tier: 'web', x: 'y' })).toBe(true);
    expect(labelSelectorString({})).toBeUndefined();
  });

  it('refuse a key or value that is not a label, naming the key, instead of reading it as more requirements', () => {
    const pairs: Record<string, string>[] = [{ 'a b': 'x' }, { app: 'x,tier=web' }, { app: 'a'.repeat(64) }];
    for (const pair of pairs) {
      const key = Object.keys(pair)[0];
      expect(() => parseLabelSelector(pair)).toThrow(
        expect.objectContaining({ reason: 'InvalidInput', field: `labelSelector.${key}` }),
      );
      expect(() => labelSelectorString(pair)).toThrow(expect.objectContaining({ reason: 'InvalidInput' }));
    }
    try {
      labelSelectorString({ app: 'x,tier=web' });
    } catch (err) {
      expect(findReason(err, 'InvalidInput')?.message).toMatch(
        /^labelSelector\.app: "x,tier=web" is not a label value: a valid label must be/,
      );
    }
  });
});
