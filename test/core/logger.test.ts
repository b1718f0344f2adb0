/** The default logger: levels, bindings of children, pino-shaped JSON lines, errors as fields. */
import { expect, it } from '@jest/globals';
import { consoleLogger } from '@kubekit/core';

it('writes pino-shaped JSON with the bindings of every parent, and drops lines below its level', () => {
  const lines: string[] = [];
  const log = consoleLogger({ level: 'info', format: 'json', write: (l) => lines.push(l) });
  const child = log.child({ controller: 'widgets' }).child({ name: 'w1' });
  child.debug('dropped');
  child.info({ result: 'success' }, 'reconciled');
  child.error({ err: Object.assign(new Error('boom'), { reason: 'Conflict' }) }, 'failed');
  expect(lines).toHaveLength(2);
  expect(JSON.parse(lines[0] as string)).toMatchObject({
    level: 'info',
    controller: 'widgets',
    name: 'w1',
    result: 'success',
    msg: 'reconciled',
  });
  expect(JSON.parse(lines[1] as string)).toMatchObject({
    level: 'error',
    err: { name: 'Error', message: 'boom', reason: 'Conflict' },
  });
});

it('writes readable text lines by default', () => {
  const lines: string[] = [];
  consoleLogger({ write: (l) => lines.push(l) })
    .child({ controller: 'c' })
    .warn('careful');
  expect(lines).toEqual(['WARN  careful controller=c']);
});

it('prints the stack and the cause chain of an error, in text and in JSON', () => {
  const root = Object.assign(new Error('connection refused'), { reason: 'Transport' });
  const wrapped = new Error('reconcile demo/web', { cause: new Error('get demo/web', { cause: root }) });
  const text: string[] = [];
  consoleLogger({ write: (l) => text.push(l) }).error({ err: wrapped }, 'reconcile failed');
  const lines = (text[0] as string).split('\n');
  expect(lines[0]).toBe('ERROR reconcile failed err={"name":"Error","message":"reconcile demo/web"}');
  expect(lines[1]).toBe('    Error: reconcile demo/web');
  expect(lines[2]).toMatch(/^ {4}at .*logger\.test\.ts/); // the stack
  expect(lines).toContain('    caused by: Error: get demo/web');
  expect(lines).toContain('    caused by: Error: connection refused');

  const json: string[] = [];
  consoleLogger({ format: 'json', write: (l) => json.push(l) }).error({ err: wrapped }, 'reconcile failed');
  const { err } = JSON.parse(json[0] as string);
  expect(err.stack).toContain('logger.test.ts');
  expect(err.cause.message).toBe('get demo/web');
  expect(err.cause.cause).toMatchObject({ message: 'connection refused', reason: 'Transport' });
});
