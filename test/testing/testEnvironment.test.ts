/**
 * TestEnvironment's start-up protocol and failure reporting, driven with stand-in server programs
 * (small shell scripts), so every way a start can fail is checked without a real server.
 */
import { access, chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSharedTestServer, TestEnvironment } from '@kubekit/testing';

describe('TestEnvironment.start failures', () => {
  let dir: string;
  const script = async (name: string, body: string): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, `#!/bin/sh\n${body}\n`);
    await chmod(path, 0o755);
    return path;
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubekit-fake-harness-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is Unavailable when the harness binary named does not exist', async () => {
    await expect(
      TestEnvironment.start({ backend: 'harness', harnessBinary: join(dir, 'missing') }),
    ).rejects.toMatchObject({ name: 'TestEnvironmentError', reason: 'Unavailable' });
  });

  it('is Unavailable when KUBEBUILDER_ASSETS lacks the binaries', async () => {
    await expect(TestEnvironment.start({ backend: 'kube-apiserver', assetsDir: dir })).rejects.toMatchObject({
      reason: 'Unavailable',
      message: expect.stringContaining('has no etcd binary'),
    });
  });

  it('is StartFailed with the server message when the server reports an error', async () => {
    const bin = await script(
      'reports-error',
      `echo 'listening' >&2\necho '{"event":"error","message":"port 1 in use"}'\nexit 1`,
    );
    await expect(TestEnvironment.start({ harnessBinary: bin })).rejects.toMatchObject({
      reason: 'StartFailed',
      message: expect.stringMatching(/port 1 in use[\s\S]*server log[\s\S]*listening/),
    });
  });

  it('is StartFailed when the server exits without a word', async () => {
    const bin = await script('exits', 'exit 3');
    await expect(TestEnvironment.start({ harnessBinary: bin })).rejects.toMatchObject({
      reason: 'StartFailed',
      message: expect.stringContaining('the harness exited (3)'),
    });
  });

  it('is a Timeout, and the server is stopped, when it never becomes ready', async () => {
    const marker = join(dir, 'stopped');
    const bin = await script('hangs', `trap 'touch ${marker}; exit 0' TERM\nwhile true; do sleep 0.05; done`);
    await expect(TestEnvironment.start({ harnessBinary: bin, startTimeoutMs: 300 })).rejects.toMatchObject({
      reason: 'Timeout',
    });
    await expect(access(marker)).resolves.toBeUndefined();
  });

  it('is Aborted when the signal fires during start', async () => {
    const bin = await script('slow', 'exec sleep 5');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(TestEnvironment.start({ harnessBinary: bin, signal: controller.signal })).rejects.toMatchObject({
      reason: 'Aborted',
    });
  });
});

describe('startSharedTestServer', () => {
  const missing = '/nonexistent/kubekit-apiserver';

  it('fails the run when no server can start under CI', async () => {
    await expect(startSharedTestServer({ harnessBinary: missing, ci: true, log: () => {} })).rejects.toMatchObject({
      reason: 'Unavailable',
    });
  });

  it('outside CI records why real-server suites skip, and returns no server', async () => {
    const saved = { ...process.env };
    try {
      delete process.env.KUBEKIT_TEST_KUBECONFIG;
      const lines: string[] = [];
      const log = (line: string) => lines.push(line);
      await expect(startSharedTestServer({ harnessBinary: missing, ci: false, log })).resolves.toBeUndefined();
      expect(process.env.KUBEKIT_TEST_SKIP).toContain(missing);
      expect(lines).toEqual([expect.stringMatching(/^real API server suites skipped: .*nonexistent/)]);
    } finally {
      process.env = saved;
    }
  });
});
