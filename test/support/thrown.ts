/**
 * What a call threw, for tests that assert on an error's class and fields: each fails the test
 * when nothing is thrown.
 */

/** The error `fn` throws. */
export function thrown(fn: () => unknown): Error & Record<string, unknown> {
  try {
    fn();
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected an error, none was thrown');
}

/** The error `p` rejects with. */
export async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, it succeeded');
}
