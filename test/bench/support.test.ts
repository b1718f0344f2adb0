/**
 * The measuring parts of `pnpm bench` that its figures rest on: CPU and memory read from /proc,
 * the line protocol to contender processes, the connection-counting proxy, medians and tables.
 */

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { ContenderProcess } from '../../bench/support/contenderProcess.ts';
import { CountingProxy } from '../../bench/support/countingProxy.ts';
import { readProcSample } from '../../bench/support/procSample.ts';
import { markdownTable, median } from '../../bench/support/report.ts';

describe('readProcSample', () => {
  it('reads the CPU time and memory a process reports about itself', () => {
    const before = process.cpuUsage();
    const sample = readProcSample(process.pid);
    const after = process.cpuUsage();
    const ms = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
    // /proc counts in clock ticks (10 ms), cpuUsage in µs.
    expect(sample.cpuMs).toBeGreaterThanOrEqual(ms(before) - 20);
    expect(sample.cpuMs).toBeLessThanOrEqual(ms(after) + 20);
    expect(sample.rssBytes).toBeGreaterThan(0);
    expect(sample.hwmBytes).toBeGreaterThanOrEqual(sample.rssBytes);
    expect(Math.abs(sample.rssBytes - process.memoryUsage().rss)).toBeLessThan(0.2 * sample.rssBytes);
  });
});

/** A contender that answers `ping` with `pong`, echoes its environment, and fails on `fail`. */
const fakeContender = `
const rl = require('node:readline').createInterface({ input: process.stdin });
const emit = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
emit({ phase: 'ready', namespace: process.env.BENCH_NAMESPACE });
rl.on('line', (line) => {
  if (line === 'ping') { console.log('not json'); emit({ phase: 'pong', n: 1 }); }
  if (line === 'fail') { console.error('broken on purpose'); process.exit(3); }
  if (line === 'exit') process.exit(0);
});`;

describe('ContenderProcess', () => {
  it('drives a child over the line protocol and samples it between phases', async () => {
    const child = ContenderProcess.start('fake', process.execPath, ['-e', fakeContender], { BENCH_NAMESPACE: 'ns-1' });
    expect(await child.next('ready')).toEqual({ phase: 'ready', namespace: 'ns-1' });
    expect(await child.request('ping', 'pong')).toEqual({ phase: 'pong', n: 1 });
    expect(child.sample().rssBytes).toBeGreaterThan(0);
    await child.exit();
  });

  it('rejects a message of another phase, and a child that exits with its stderr', async () => {
    const child = ContenderProcess.start('fake', process.execPath, ['-e', fakeContender], {});
    await expect(child.next('synced')).rejects.toThrow("expected phase 'synced'");
    await expect(child.request('fail', 'pong')).rejects.toThrow(/exited \(3\); stderr: broken on purpose/);
    await child.exit();
  });
});

describe('CountingProxy', () => {
  let upstream: Server | undefined;
  let proxy: CountingProxy | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await proxy?.close();
    await new Promise((resolve) => upstream?.close(resolve) ?? resolve(undefined));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('forwards bytes both ways and counts every connection', async () => {
    upstream = createServer((s) => s.pipe(s));
    await new Promise<void>((resolve) => upstream?.listen(0, '127.0.0.1', resolve));
    const port = (upstream.address() as { port: number }).port;
    proxy = await CountingProxy.start(`https://127.0.0.1:${port}`);
    const through = new URL(proxy.url);
    const echo = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const s = connect(Number(through.port), through.hostname, () => s.end(text));
        let got = '';
        s.on('data', (d: Buffer) => {
          got += d.toString();
        });
        s.on('end', () => resolve(got));
        s.on('error', reject);
      });
    expect(await Promise.all([echo('a'), echo('bb'), echo('ccc')])).toEqual(['a', 'bb', 'ccc']);
    expect(proxy.connections).toBe(3);
  });

  it('writes a kubeconfig that points at the proxy', async () => {
    proxy = await CountingProxy.start('https://127.0.0.1:6443');
    dir = await mkdtemp(join(tmpdir(), 'kubekit-proxy-'));
    const from = join(dir, 'in.yaml');
    await writeFile(from, 'clusters:\n- cluster:\n    server: https://127.0.0.1:6443\n  name: test\n');
    await proxy.writeKubeconfig(from, 'https://127.0.0.1:6443', join(dir, 'out.yaml'));
    expect(await readFile(join(dir, 'out.yaml'), 'utf8')).toContain(`server: ${proxy.url}\n`);
    await expect(proxy.writeKubeconfig(from, 'https://elsewhere:1', join(dir, 'x.yaml'))).rejects.toThrow(
      'does not name',
    );
  });
});

describe('report', () => {
  it('takes medians of odd and even counts, skipping NaN', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([Number.NaN, 5])).toBe(5);
    expect(median([])).toBeNaN();
  });

  it('prints a markdown table', () => {
    expect(markdownTable([{ a: 'x', b: 1 }])).toBe('| a | b |\n| --- | ---: |\n| x | 1 |');
  });
});
