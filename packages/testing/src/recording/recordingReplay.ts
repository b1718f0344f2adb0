import { setTimeout as sleep } from 'node:timers/promises';
import { findFakeApiError } from '../fake/engine/apiError.js';
import { jsonPatch } from '../fake/engine/patch.js';
import type { FakeStorage } from '../fake/engine/storage.js';
import type { FakeObject } from '../fake/engine/types.js';
import type { WatchRecord } from './layout.js';
import { kindOf } from './loadRecording.js';
import type { RecordingProblem } from './readRecording.js';

/** Options of a {@link RecordingReplay}. */
export interface RecordingReplayOptions {
  /** How much faster than recorded the changes come: 2 plays them in half the time. @default 1 */
  speed?: number;
}

/**
 * Plays the recorded changes of `watch.jsonl` into a storage, each at its recorded
 * resourceVersion, so watchers see them as the recorded server's watchers did: all at once
 * ({@link RecordingReplay.applyAll}) or in time ({@link RecordingReplay.start}: the change recorded
 * `offsetMs` after the recording started is applied `offsetMs / speed` after `start()`).
 */
export class RecordingReplay {
  /** Changes applied so far. */
  applied = 0;
  /** When `start()` was called, on the `performance.now()` clock; undefined before. */
  startedAt: number | undefined;
  /** Settles when every change is applied, or the replay is stopped. */
  readonly done: Promise<void>;
  private readonly speed: number;
  private readonly abort = new AbortController();
  private resolveDone: () => void = () => {};

  constructor(
    private readonly storage: FakeStorage,
    private readonly changes: readonly (WatchRecord & { line?: number })[],
    private readonly report: (problem: RecordingProblem) => void,
    options: RecordingReplayOptions = {},
  ) {
    this.speed = options.speed ?? 1;
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
    if (changes.length === 0) this.resolveDone();
  }

  /** How many changes there are to play. */
  get total(): number {
    return this.changes.length;
  }

  /** Applies every change now, in order. */
  applyAll(): void {
    for (const c of this.changes.slice(this.applied)) this.apply(c);
    this.resolveDone();
  }

  /** Starts playing the changes at their offsets (divided by the speed); returns at once. */
  start(): void {
    this.startedAt = performance.now();
    void this.run(this.startedAt);
  }

  /** Stops playing; changes not yet applied are not. */
  stop(): void {
    this.abort.abort();
    this.resolveDone();
  }

  private async run(began: number): Promise<void> {
    const signal = this.abort.signal;
    for (const c of this.changes) {
      const due = began + c.offsetMs / this.speed;
      // Never early: wait again if a timer fired before the change is due.
      for (let left = due - performance.now(); left > 0; left = due - performance.now()) {
        try {
          await sleep(Math.ceil(left), undefined, { signal, ref: false });
        } catch {
          return;
        }
      }
      if (signal.aborted) return;
      this.apply(c);
    }
    this.resolveDone();
  }

  private apply(c: WatchRecord & { line?: number }): void {
    const where = `watch.jsonl${c.line ? `:${c.line}` : ''}`;
    this.applied++;
    const type = kindOf(this.storage, c.group, c.kind);
    if (!type) {
      this.report({
        reason: 'InvalidChange',
        file: where,
        message: `${where}: kind ${c.group ? `${c.group}/` : ''}${c.version}/${c.kind} is not served; change to "${c.name}" skipped`,
      });
      return;
    }
    const gvr = { group: c.group, version: c.version, resource: type.plural };
    try {
      let object: FakeObject | undefined;
      if (c.type === 'ADDED') object = c.object as FakeObject;
      else if (c.type === 'MODIFIED') {
        object = jsonPatch(this.storage.get(gvr, c.namespace, c.name), c.patch) as FakeObject;
      }
      this.storage.replayChange(gvr, {
        type: c.type,
        namespace: c.namespace,
        name: c.name,
        resourceVersion: c.resourceVersion,
        ...(object ? { object } : {}),
      });
    } catch (err) {
      const refused = findFakeApiError(err);
      if (!refused) throw err;
      this.report({
        reason: 'InvalidChange',
        file: where,
        message: `${where}: ${c.type} of ${type.kind} "${c.name}" cannot be replayed: ${refused.message}`,
      });
    }
  }
}
