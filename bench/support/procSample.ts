/**
 * CPU time and memory of another process, read from Linux's /proc while it runs: user + system CPU
 * from `/proc/<pid>/stat` (fields 14 and 15, in clock ticks), resident set (VmRSS) and its peak
 * (VmHWM) from `/proc/<pid>/status`. `process.resourceUsage()` covers only this process, so the
 * runner samples its children here, at points where the child waits for its next command.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** One reading of a process. */
export interface ProcSample {
  /** User + system CPU time so far, ms. */
  cpuMs: number;
  /** Resident set now, bytes. */
  rssBytes: number;
  /** Peak resident set so far, bytes. */
  hwmBytes: number;
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Reads CPU and memory of process `pid` (Linux only). */
export function readProcSample(pid: number): ProcSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { cpuMs: ((utime + stime) * 1000) / clockTicks(), rssBytes: kb('VmRSS'), hwmBytes: kb('VmHWM') };
}
