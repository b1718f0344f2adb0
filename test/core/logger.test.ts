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
