/**
 * `crd import` writes code from CRDs it does not trust: names that are not Kubernetes kinds are
 * refused, every string from the CRD is written escaped (running the generated module runs nothing
 * of the CRD's), numbers and keywords that are not what they claim are refused, and a YAML alias
 * bomb is refused with a message. `defineCustomResource` refuses what the API server would.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { CustomResourceDefinition, JSONSchemaProps } from '@kubekit/core';
import { crdToTypeScript, defineCustomResource, isCrdError, parseCrds } from '@kubekit/crd';
import { z } from 'zod';
import { thrown } from '../support/thrown.js';
import { kubekit, withScratchDir } from './crdTestSupport.js';

const EXIT = 'process.exit(3)';
const hostile = {
  field: `a'); ${EXIT}; ('`,
  description: `*/ ${EXIT}; /* \` \${${EXIT}}`,
  enumValue: `x"); ${EXIT}; ("`,
  defaultValue: `\${${EXIT}}\`; ${EXIT}; \``,
  pattern: String.raw`^a'\)"; process\.exit\(3\); //$`,
};

function crdWith(spec: JSONSchemaProps, kind = 'Hostile'): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'hostiles.x.example.com' },
    spec: {
      group: 'x.example.com',
      names: { kind, plural: 'hostiles', singular: 'hostile', listKind: `${kind}List` },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec } } },
        },
      ],
    },
  } as CustomResourceDefinition;
}

const hostileSpec: JSONSchemaProps = {
  type: 'object',
  description: hostile.description,
  properties: {
    [hostile.field]: { type: 'string', description: hostile.description, pattern: hostile.pattern },
    mode: { type: 'string', enum: [hostile.enumValue, 'plain'] },
    note: { type: 'string', default: hostile.defaultValue },
  },
};

describe('crd import of untrusted CRDs', () => {
  it('refuses a kind that is not a Kubernetes kind, and one that cannot name declarations', () => {
    const injected = thrown(() => crdToTypeScript(crdWith({ type: 'object' }, `A-B; ${EXIT}`)));
    expect(isCrdError(injected, 'InvalidCrd')).toBe(true);
    expect((injected as Error).message).toBe(
      `hostiles.x.example.com: kind "A-B; ${EXIT}" is not a valid Kubernetes kind`,
    );
    expect(() => crdToTypeScript(crdWith({ type: 'object' }, 'A-B'))).toThrow(
      'kind "A-B" cannot name TypeScript declarations',
    );
    const badVersion = crdWith({ type: 'object' });
    const version = badVersion.spec.versions[0];
    if (version) version.name = `v1'; ${EXIT}; '`;
    expect(() => crdToTypeScript(badVersion)).toThrow('is not a valid version name');
  });

  it('refuses numbers and keywords that are not what the schema says', () => {
    const notNumber = { type: 'string', minLength: `1); ${EXIT}; (` } as unknown as JSONSchemaProps;
    expect(() => crdToTypeScript(crdWith({ type: 'object', properties: { a: notNumber } }))).toThrow(
      `minLength "1); ${EXIT}; (" is not a number`,
    );
    const listType = {
      type: 'array',
      items: { type: 'string' },
      'x-kubernetes-list-type': `set'); ${EXIT}; ('`,
    } as unknown as JSONSchemaProps;
    expect(() => crdToTypeScript(crdWith({ type: 'object', properties: { a: listType } }))).toThrow(
      'is not one of atomic, set, map',
    );
  });

  it('escapes names, descriptions, enum values, defaults and patterns: the module runs nothing of them', async () => {
    await withScratchDir(async (dir) => {
      const file = join(dir, 'hostile.yaml');
      await writeFile(file, JSON.stringify(crdWith(hostileSpec)));
      const imported = await kubekit(['crd', 'import', file, '-o', join(dir, 'hostile.ts')]);
      expect(imported).toMatchObject({ code: 0 });
      const generated = await kubekit(['crd', 'generate', join(dir, 'hostile.ts')]);
      expect(generated.stderr).toBe('');
      expect(generated.code).toBe(0);
      const [crd] = parseCrds(generated.stdout);
      const spec = crd?.spec.versions[0]?.schema?.openAPIV3Schema?.properties?.spec;
      expect(spec?.description).toBe(hostile.description);
      expect(spec?.properties?.[hostile.field]).toMatchObject({
        description: hostile.description,
        pattern: hostile.pattern,
      });
      expect(spec?.properties?.mode?.enum).toEqual([hostile.enumValue, 'plain']);
      expect(spec?.properties?.note?.default).toBe(hostile.defaultValue);
    });
  });

  it('refuses a YAML alias bomb with a message, not a stack trace', async () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      '',
    ].join('\n');
    const error = thrown(() => parseCrds(bomb, 'bomb.yaml'));
    expect(isCrdError(error, 'InvalidCrd')).toBe(true);
    expect((error as Error).message).toContain('bomb.yaml');
    expect((error as Error).message).toContain('alias');
    const run = await kubekit(['crd', 'import', '-'], bomb);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^kubekit: .*alias.*\n$/);
    expect(run.stderr).not.toContain('    at ');
  });
});

describe('defineCustomResource refuses what the API server would', () => {
  const spec = z.object({ a: z.string() });
  const base = { group: 'x.example.com', version: 'v1', kind: 'Thing', spec };
  const refusal = (options: Record<string, unknown>) => {
    const error = thrown(() => defineCustomResource({ ...base, ...options } as typeof base));
    expect(isCrdError(error, 'InvalidDefinition')).toBe(true);
    return (error as Error).message;
  };

  it('a scope other than Namespaced or Cluster', () => {
    expect(refusal({ scope: 'Bogus' })).toBe('Thing: scope "Bogus" must be Namespaced or Cluster');
  });

  it('a group longer than 253 characters, or not a DNS subdomain with a dot', () => {
    const long = `${'a'.repeat(60)}.`.repeat(5).concat('com');
    expect(long.length).toBeGreaterThan(253);
    expect(refusal({ group: long })).toContain('must be no more than 253 characters');
    expect(refusal({ group: 'Example.com' })).toContain('RFC 1123 subdomain');
    expect(refusal({ group: 'example' })).toContain('at least one dot');
  });

  it('names that are not DNS-1035 labels, a long kind, and a CRD name past 253', () => {
    expect(refusal({ plural: 'my_things' })).toContain('plural "my_things": a DNS-1035 label');
    expect(refusal({ singular: '1thing' })).toContain('singular "1thing"');
    expect(refusal({ shortNames: ['ok', 'Not-OK'] })).toContain('short name "Not-OK"');
    expect(refusal({ categories: ['all', 'a.b'] })).toContain('category "a.b"');
    expect(refusal({ kind: `K${'a'.repeat(63)}` })).toContain('at most 63');
    expect(refusal({ kind: 'Thing; x' })).toContain('must be UpperCamelCase');
    expect(refusal({ listKind: 'Thing' })).toContain('listKind "Thing"');
    expect(refusal({ version: 'V1' })).toContain('version "V1"');
    const group = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(55)}`;
    expect(group.length).toBeLessThanOrEqual(253);
    expect(refusal({ group, plural: 'things' })).toContain('the CRD name');
  });
});
