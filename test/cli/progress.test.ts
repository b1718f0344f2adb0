/** The progress line of `kubekit gather`: drawn in place on a terminal, silent on anything else. */
import { expect, it } from '@jest/globals';
import { ProgressLine } from '../../packages/cli/src/progress.js';

function stream(isTTY: boolean): NodeJS.WriteStream & { written: string[] } {
  const written: string[] = [];
  return { isTTY, columns: 20, written, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream & {
    written: string[];
  };
}

it('draws nothing when the stream is not a terminal', () => {
  const out = stream(false);
  const line = new ProgressLine(out, 0);
  line.update('kinds 1/2, objects 10', true);
  line.clear();
  expect(line.enabled).toBe(false);
  expect(out.written).toEqual([]);
});

it('redraws one line in place on a terminal, cut to its width, and clears it', () => {
  const out = stream(true);
  const line = new ProgressLine(out, 0);
  line.update('kinds 1/2, objects 10', true);
  line.update('kinds 2/2, objects 20 and more text', true);
  line.clear();
  expect(out.written).toEqual(['\r\x1b[2Kkinds 1/2, objects ', '\r\x1b[2Kkinds 2/2, objects ', '\r\x1b[2K']);
});

it('draws at most once per interval unless forced', () => {
  const out = stream(true);
  const line = new ProgressLine(out, 60_000);
  line.update('first');
  line.update('second');
  line.update('third', true);
  expect(out.written).toEqual(['\r\x1b[2Kfirst', '\r\x1b[2Kthird']);
});
