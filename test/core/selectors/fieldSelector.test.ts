/**
 * Field selectors read as kube-apiserver reads them: only `=`, `==` and `!=`, escaped values, an
 * absent field as the empty value, and the pair form with its values escaped.
 */
import { describe, expect, it } from '@jest/globals';
import { escapeFieldValue, fieldSelectorString, parseFieldSelector } from '@kubekit/core';
import { fieldValueOf, unescapeFieldValue } from '../../../packages/core/src/selectors/fieldSelector.js';

describe('parseFieldSelector', () => {
  it('refuses any operator but `=`, `==` and `!=` instead of reading `in` as `!=`', () => {
    expect(() => parseFieldSelector('metadata.name in (a,b)')).toThrow(
      expect.objectContaining({
        reason: 'BadRequest',
        message: "invalid selector: 'metadata.name in (a,b)'; can't understand 'b)'",
      }),
    );
    expect(() => parseFieldSelector('metadata.name>1')).toThrow(expect.objectContaining({ reason: 'BadRequest' }));
  });

  it('matches an absent field as the empty value', () => {
    const pod = { metadata: { name: 'p' }, spec: {} };
    const fieldOf = (field: string) => fieldValueOf(pod, field);
    expect(parseFieldSelector('spec.nodeName=').matches(fieldOf)).toBe(true);
    expect(parseFieldSelector('spec.nodeName!=n1').matches(fieldOf)).toBe(true);
    expect(parseFieldSelector('spec.nodeName=n1').matches(fieldOf)).toBe(false);
    expect(parseFieldSelector('metadata.name==p,metadata.name!=q').matches(fieldOf)).toBe(true);
  });

  it('unescapes `\\,`, `\\=` and `\\\\` in values and refuses other escapes and bare `=`', () => {
    expect(parseFieldSelector('reason=a\\,b\\=c\\\\d').requirements).toEqual([
      { field: 'reason', operator: '=', value: 'a,b=c\\d' },
    ]);
    expect(() => parseFieldSelector('reason=a\\b')).toThrow('invalid field selector: invalid escape sequence: \\b');
    expect(() => parseFieldSelector('reason=a=b')).toThrow('invalid field selector: unescaped character in value: 61');
  });
});

describe('field selector values', () => {
  it('escape and unescape as apimachinery does', () => {
    expect(escapeFieldValue('a,b=c\\d')).toBe('a\\,b\\=c\\\\d');
    expect(unescapeFieldValue(escapeFieldValue('a,b=c\\d'))).toBe('a,b=c\\d');
  });

  it('are escaped in pairs, so any value selects itself', () => {
    expect(fieldSelectorString({ reason: 'a,b=c' })).toBe('reason=a\\,b\\=c');
    const parsed = parseFieldSelector({ reason: 'a,b=c' });
    expect(parsed.matches(() => 'a,b=c')).toBe(true);
    expect(() => fieldSelectorString({ 'a=b': 'x' })).toThrow(
      expect.objectContaining({ reason: 'InvalidInput', field: 'fieldSelector.a=b' }),
    );
  });

  it('read numbers and booleans as text, and nothing through the prototype', () => {
    const job = { status: { succeeded: 1, ready: true } };
    expect(fieldValueOf(job, 'status.succeeded')).toBe('1');
    expect(fieldValueOf(job, 'status.ready')).toBe('true');
    expect(fieldValueOf(job, 'constructor')).toBe('');
  });
});
