import { describe, expect, it } from '@jest/globals';
import { defineConfigMap, defineSecret, isCrdError, type TypedSecret } from '@kubekit/crd';
import { z } from 'zod';
import { thrown } from '../support/thrown.js';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('defineConfigMap', () => {
  const AppConfig = defineConfigMap({
    data: z.object({
      port: z.coerce.number().int().min(1),
      mode: z.enum(['dev', 'prod']),
      debug: z.stringbool().default(false),
      motd: z.string().optional(),
    }),
  });
  const wire = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'app', namespace: 'ns' },
    data: { port: '8080', mode: 'prod' },
  };

  it('is served where ConfigMaps are, like any kind', () => {
    expect(AppConfig).toMatchObject({
      apiVersion: 'v1',
      group: '',
      version: 'v1',
      kind: 'ConfigMap',
      plural: 'configmaps',
      namespaced: true,
    });
  });

  it('decodes data into typed values, with defaults', () => {
    const cm = AppConfig.decode(wire);
    expect(cm.data).toEqual({ port: 8080, mode: 'prod', debug: false });
    expect(cm.metadata).toEqual({ name: 'app', namespace: 'ns' });
    const port: number = cm.data.port;
    expect(port).toBe(8080);
  });

  it('encodes typed values back to strings the API server keeps', () => {
    const cm = AppConfig.decode(wire);
    expect(AppConfig.encode({ ...cm, data: { ...cm.data, port: 9090 } })).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'app', namespace: 'ns' },
      data: { port: '9090', mode: 'prod', debug: 'false' },
    });
  });

  it('refuses to encode invalid values and one-way transforms, with InvalidObject', () => {
    const cm = AppConfig.decode(wire);
    expect(() => AppConfig.encode({ ...cm, data: { ...cm.data, port: 0 } })).toThrow('data.port');
    const OneWay = defineConfigMap({ data: z.object({ n: z.string().transform(Number) }) });
    const parsed = OneWay.decode({ ...wire, data: { n: '1' } });
    const err = thrown(() => OneWay.encode(parsed));
    expect(isCrdError(err, 'InvalidObject')).toBe(true);
    expect((err as Error).message).toContain('cannot encode ConfigMap');
    expect(err).toMatchObject({ path: 'data.n' });
  });

  it('refuses data that does not match, naming the key in the message and in path', () => {
    const bad = { ...wire, data: { port: 'eighty', mode: 'prod' } };
    expect(thrown(() => AppConfig.decode(bad))).toMatchObject({ reason: 'InvalidObject', path: 'data.port' });
    expect(() => AppConfig.decode({ ...wire, data: undefined })).toThrow('data.mode');
  });

  it('keeps data keys the schema does not declare, and binaryData, through decode and encode', () => {
    const cm = AppConfig.decode({ ...wire, data: { ...wire.data, extra: 'x' }, binaryData: { b: 'AAE=' } });
    expect(cm.data).toEqual({ port: 8080, mode: 'prod', debug: false, extra: 'x' });
    expect(cm.binaryData).toEqual({ b: 'AAE=' });
    expect(AppConfig.encode(cm)).toMatchObject({ data: { extra: 'x', port: '8080' }, binaryData: { b: 'AAE=' } });
  });

  it('encodes partial objects (the body of an apply or a merge patch): only what is there, null kept', () => {
    expect(AppConfig.encode({ data: { port: 9090, motd: null } } as never)).toEqual({
      data: { port: '9090', motd: null },
    });
    expect(thrown(() => AppConfig.encode({ data: { port: -1 } } as never))).toMatchObject({ path: 'data.port' });
  });
});

describe('defineSecret', () => {
  const Credentials = defineSecret({ data: z.object({ username: z.string(), password: z.string().min(12) }) });
  const wire = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'db' },
    type: 'Opaque',
    data: { username: b64('admin'), password: b64('correct horse battery') },
  };

  it('is served where Secrets are, like any kind', () => {
    expect(Credentials).toMatchObject({
      apiVersion: 'v1',
      group: '',
      kind: 'Secret',
      plural: 'secrets',
      namespaced: true,
    });
  });

  it('decodes data from base64 for the program', () => {
    const s: TypedSecret<{ username: string; password: string }> = Credentials.decode(wire);
    expect(s.data).toEqual({ username: 'admin', password: 'correct horse battery' });
    expect(s.type).toBe('Opaque');
  });

  it('takes stringData as the server does: plain text, winning over data', () => {
    const s = Credentials.decode({ ...wire, stringData: { username: 'root' } });
    expect(s.data.username).toBe('root');
    expect(s).not.toHaveProperty('stringData');
  });

  it('encodes data to base64 on write and round-trips unicode', () => {
    const s = Credentials.decode(wire);
    const encoded = Credentials.encode({ ...s, data: { username: 'ünïcødé', password: 'p'.repeat(12) } });
    expect(encoded.data).toEqual({ username: b64('ünïcødé'), password: b64('p'.repeat(12)) });
    expect(Credentials.decode(encoded).data.username).toBe('ünïcødé');
  });

  it('refuses values that break the schema, data that is not base64, and another Secret type', () => {
    const short = { ...wire, data: { ...wire.data, password: b64('short') } };
    expect(() => Credentials.decode(short)).toThrow('data.password');
    const err = thrown(() => Credentials.decode({ ...wire, data: { ...wire.data, username: 'not base64!' } }));
    expect(isCrdError(err, 'InvalidObject')).toBe(true);
    expect(err).toMatchObject({ path: 'data.username' });
    expect(thrown(() => Credentials.decode({ ...wire, type: 'kubernetes.io/tls' }))).toMatchObject({ path: 'type' });
  });

  it('defaults the type of a Secret read without one and refuses to encode another type', () => {
    const Tls = defineSecret({
      type: 'kubernetes.io/tls',
      data: z.object({ 'tls.crt': z.string(), 'tls.key': z.string() }),
    });
    const parsed = Tls.decode({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {},
      data: { 'tls.crt': b64('c'), 'tls.key': b64('k') },
    });
    expect(parsed.type).toBe('kubernetes.io/tls');
    expect(thrown(() => Tls.encode({ ...parsed, type: 'Opaque' }))).toMatchObject({ path: 'type' });
  });
});
