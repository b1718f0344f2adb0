import { expect, it } from '@jest/globals';
import { coreTour } from '../../packages/examples/src/coreTour.js';

it('runs every step of the core tour of docs/core.md as the page describes', () => {
  const lines: string[] = [];
  coreTour((line) => lines.push(line));
  expect(lines).toEqual([
    'kind Deployment: group apps, version v1, back to apps/v1',
    'key shop/web -> {"namespace":"shop","name":"web"}',
    'selector matches: true, false',
    "refused: unable to parse requirement: values[0]: Invalid value: \"one\": for 'Gt', 'Lt' operators, the value must be an integer",
    'owned by Deployment/web',
    'second controller refused: AlreadyOwned',
    'backoff 100 200 400 800 1000',
  ]);
});
