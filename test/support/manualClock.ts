import { ManualClock } from '@kubekit/testing';

export { ManualClock };

/** Lets pending promise callbacks (and I/O-free async code) run to completion. */
export function flush(): Promise<void> {
  return new ManualClock().advance(0);
}
