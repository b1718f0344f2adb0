/**
 * `jsonToYaml` (core/internal): whatever JSON value it writes, a YAML parser reads back equal —
 * strings that look like other types, indicators, multi-line text, keys that need quotes.
 */
import { expect, it } from '@jest/globals';
import { jsonToYaml } from '@kubekit/core/internal';
import { parse } from 'yaml';

const TRICKY_STRINGS = [
  '',
  ' ',
  'plain words',
  'system:admin',
  'registry.example/app:1.2',
  'key: value',
  'a #comment',
  'ends:',
  'ends ',
  ' leading',
  '-dash',
  '- item',
  '?question',
  '*alias',
  '&anchor',
  '!tag',
  '%directive',
  '@at',
  '`tick',
  '[flow]',
  '{flow}',
  ',comma',
  '|pipe',
  '>fold',
  "'single'",
  '"double"',
  '#hash',
  'true',
  'False',
  'null',
  'NULL',
  '~',
  'yes',
  'No',
  'on',
  'off',
  'y',
  'n',
  '0',
  '007',
  '1.5',
  '-1',
  '+1',
  '.5',
  '.inf',
  '-.Inf',
  '.nan',
  '0x1F',
  '0o17',
  '1e3',
  '2026-12-01T20:00:00Z',
  '2026-12-01',
  '12:30',
  'UkVEQUNURUQ=',
  'a+b/c==',
  '<<',
  '=',
  'tab\there',
  'line one\nline two',
  'trailing newline\n',
  'two trailing\n\n',
  '\nleading newline',
  '  indented first\nsecond',
  'second indented\n  more\n',
  'with blank\n\nlines\n',
  '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  'crlf\r\nline',
  'bell\u0007',
  'unicode é ✓ 漢字',
  'emoji 🙂',
  '\u2028separator',
  'k:{"name":"app"}',
  'f:metadata',
  '.',
  '/dev/termination-log',
];

it('reads back every tricky string, as a value, a key, and a list item', () => {
  for (const s of TRICKY_STRINGS) {
    const value = { v: s, [s]: 1, list: [s, { k: s }], nested: { deeper: [[s]] } };
    expect([s, parse(jsonToYaml(value))]).toEqual([s, value]);
  }
});

it('reads back numbers, booleans, null, empty maps and lists, and drops undefined fields as JSON does', () => {
  const value = {
    n: [0, -1, 1.5, 1e21, 123456789012, -0.25],
    b: [true, false],
    z: null,
    empty: { map: {}, list: [], string: '' },
    lists: [[], {}, [1, [2, [3]]], [{ a: 1, b: [{ c: 'd' }] }]],
    gone: undefined,
  };
  expect(parse(jsonToYaml(value))).toEqual(JSON.parse(JSON.stringify(value)));
});

it('writes what people read: block style, plain scalars where safe, literal blocks for text', () => {
  expect(
    jsonToYaml({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', labels: { app: 'web' } },
      data: { port: '80', 'ca.crt': 'line 1\nline 2\n' },
      list: [{ name: 'a', value: 1 }, 'b'],
    }),
  ).toBe(
    [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: settings',
      '  labels:',
      '    app: web',
      'data:',
      '  port: "80"',
      '  ca.crt: |',
      '    line 1',
      '    line 2',
      'list:',
      '  - name: a',
      '    value: 1',
      '  - b',
      '',
    ].join('\n'),
  );
});
