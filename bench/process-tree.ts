/**
 * A server's whole process tree as Linux's /proc shows it: the server process and every
 * descendant (function processes, shells, worker children), with the sum of their resident memory.
 * Node's own process.memoryUsage() would only see the process it runs in.
 */
import * as fs from 'fs';

/** The direct children of `pid`, across all its threads (a child started by a worker thread is that thread's). */
function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return []; // gone meanwhile
  }
  const children: number[] = [];
  for (const task of tasks) {
    try {
      for (const child of fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf-8').split(' ')) {
        if (child.trim()) children.push(Number(child));
      }
    } catch {
      // the thread ended meanwhile
    }
  }
  return children;
}

/** `pid` and all its descendants that are alive now. */
export function processTree(pid: number): number[] {
  const tree: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.shift()!;
    tree.push(next);
    queue.push(...childrenOf(next));
  }
  return tree;
}

/** VmRSS in bytes (0 for a process that is gone or a zombie). */
function rssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf-8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

// serverless-offline starts each Python handler through `/bin/sh -c python3 ...` (spawn with shell: true).
const SHELLS = new Set(['sh', 'dash', 'bash']);

function isShell(pid: number): boolean {
  try {
    return SHELLS.has(fs.readFileSync(`/proc/${pid}/comm`, 'utf-8').trim());
  } catch {
    return false;
  }
}

export interface TreeSample {
  /** Sum of VmRSS over the tree (a shared page counts once per process that maps it, as `ps` adds them up). */
  readonly rssBytes: number;
  /** Processes under the root, the root not counted. */
  readonly descendants: number;
  /** Of those, the ones that are not a shell: the function processes (runtimes). */
  readonly functionProcesses: number;
}

export function sampleTree(pid: number): TreeSample {
  const tree = processTree(pid);
  const descendants = tree.slice(1);
  return {
    rssBytes: tree.reduce((sum, p) => sum + rssBytes(p), 0),
    descendants: descendants.length,
    functionProcesses: descendants.filter((p) => !isShell(p)).length,
  };
}

/**
 * Samples a process tree every `intervalMs` from this (the bench's) process until stopped, and
 * keeps the peaks. Reading /proc costs this process a little CPU, never the server's.
 */
export class TreeSampler {
  private timer?: NodeJS.Timeout;
  peakRssBytes = 0;
  peakDescendants = 0;
  peakFunctionProcesses = 0;
  samples = 0;

  constructor(private readonly pid: number, private readonly intervalMs: number) {}

  start(): this {
    this.take();
    this.timer = setInterval(() => this.take(), this.intervalMs);
    return this;
  }

  /** Stops sampling after one last sample. */
  stop(): this {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.take();
    return this;
  }

  private take(): void {
    const sample = sampleTree(this.pid);
    this.samples++;
    this.peakRssBytes = Math.max(this.peakRssBytes, sample.rssBytes);
    this.peakDescendants = Math.max(this.peakDescendants, sample.descendants);
    this.peakFunctionProcesses = Math.max(this.peakFunctionProcesses, sample.functionProcesses);
  }
}

export function mebibytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
