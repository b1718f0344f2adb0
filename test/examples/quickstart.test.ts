import { expect, it } from '@jest/globals';
import { quickstart } from '../../packages/examples/src/quickstart.js';

it('runs the README quickstart: the server applies the zod default to a Widget created without one', async () => {
  await expect(quickstart()).resolves.toBe(1);
});
