import { performance } from 'node:perf_hooks';

/**
 * How long a worker must have been idle before another function that already has workers may take
 * its place: a function serving a steady stream is idle only between invocations.
 */
export const RECLAIM_IDLE_MS = 1_000;

/** What the budget needs to know of an execution environment (a RuntimeWorker). */
export interface BudgetedWorker {
  /** True while the worker waits for its next invocation. */
  readonly idle: boolean;
  /** `performance.now()` when the worker last became idle (or started). */
  readonly idleSince: number;
  /** Ends the worker; its pool gives its place back with `release`. */
  stop(): Promise<void>;
}

/** A function's pool of workers (a WorkerPool), as the budget sees it. */
export interface BudgetWaiter {
  /** True while it has invocations waiting (a wait whose invocation a worker of its own took is stale). */
  readonly hasQueued: boolean;
  /** Its workers, those being started included. */
  readonly workerCount: number;
  /** The place is this pool's: it starts a worker and answers true, or answers false (no longer needed). */
  grant(): boolean;
}

/**
 * The host's workers: how many function processes really run, across all functions. Lambda gives
 * every execution environment its own CPU share; one machine cannot, so the offline cloud runs at
 * most `limit` runtime processes and queues the invocations beyond them (Lambda's concurrency,
 * counted apart by the invoker, decides what is throttled). A function with no worker may always
 * start one, even past the limit, so a function that synchronously invokes another never waits
 * for itself to finish. At the limit, a function takes the place of another's idle worker only
 * when that moves them toward equal shares (the other holds at least two workers more), when the
 * worker has been idle a while (RECLAIM_IDLE_MS), or when it has no worker at all; otherwise two
 * busy functions would trade places on every invocation, each trade a cold start.
 */
export class WorkerBudget {
  /** Live workers and the pool each belongs to. */
  private readonly live = new Map<BudgetedWorker, BudgetWaiter>();
  /** Places taken by workers being started (counted before they exist). */
  private starting = 0;
  private readonly waiters: BudgetWaiter[] = [];

  constructor(readonly limit: number) {}

  /** Function processes running or starting. */
  get size(): number {
    return this.live.size + this.starting;
  }

  /**
   * Takes a place for a new worker of `pool`, or answers undefined and queues the pool for the next
   * free place. `always` (the default for a pool with no worker) takes one past the limit when no
   * idle worker can give its own up. The promise resolves once idle workers stopped for it are
   * gone, so the count of processes never goes over. Call `started` or `cancel` after.
   */
  reserve(pool: BudgetWaiter, always = pool.workerCount === 0): Promise<void> | undefined {
    const stopping: Array<Promise<void>> = [];
    while (this.size >= this.limit) {
      const victim = this.reclaimable(always ? undefined : pool);
      if (!victim) break;
      this.live.delete(victim);
      stopping.push(victim.stop());
    }
    if (this.size >= this.limit && !always) {
      this.waiters.push(pool);
      return undefined;
    }
    this.starting++;
    return Promise.all(stopping).then(() => undefined);
  }

  /** The reserved place is now this worker of `pool`. */
  started(worker: BudgetedWorker, pool: BudgetWaiter): void {
    this.starting--;
    this.live.set(worker, pool);
  }

  /** The reserved place was not used (the process could not start); it goes to the next waiter. */
  cancel(): void {
    this.starting--;
    this.handOn();
  }

  /** The worker ended (timeout, crash, stop, idle); its place goes to the next waiter. */
  release(worker: BudgetedWorker): void {
    if (this.live.delete(worker)) this.handOn();
  }

  /**
   * True when a pool with invocations queued waits for a place that `holder`'s worker, just idle,
   * should give up: the waiter holds at least two workers fewer.
   */
  shouldYield(holder: BudgetWaiter): boolean {
    return this.waiters.some((waiter) => waiter.hasQueued && waiter.workerCount + 1 < holder.workerCount);
  }

  /** Forgets a pool's waits (its function was stopped). */
  forget(waiter: BudgetWaiter): void {
    for (let i = this.waiters.indexOf(waiter); i >= 0; i = this.waiters.indexOf(waiter)) this.waiters.splice(i, 1);
  }

  /** Free places go to the waiting pools with the fewest workers first (a crashed worker's pool gets its place back). */
  private handOn(): void {
    while (this.size < this.limit) {
      const index = this.neediest();
      if (index < 0) {
        this.waiters.length = 0;
        return;
      }
      const [waiter] = this.waiters.splice(index, 1);
      this.starting++;
      if (!waiter.grant()) this.starting--;
    }
  }

  /** The index of the first waiter with invocations queued and the fewest workers; -1 when none has any queued. */
  private neediest(): number {
    let found = -1;
    this.waiters.forEach((waiter, index) => {
      if (waiter.hasQueued && (found < 0 || waiter.workerCount < this.waiters[found].workerCount)) found = index;
    });
    return found;
  }

  /**
   * The idle worker idle the longest that may be stopped for a new worker of `requester`: any, when
   * there is no requester (it has no worker, or must have one); else one idle RECLAIM_IDLE_MS or
   * more, or one whose pool holds at least two workers more than the requester.
   */
  private reclaimable(requester?: BudgetWaiter): BudgetedWorker | undefined {
    const now = performance.now();
    let oldest: BudgetedWorker | undefined;
    for (const [worker, pool] of this.live) {
      if (!worker.idle || (oldest && oldest.idleSince <= worker.idleSince)) continue;
      const mayReclaim = !requester || now - worker.idleSince >= RECLAIM_IDLE_MS || pool.workerCount > requester.workerCount + 1;
      if (mayReclaim) oldest = worker;
    }
    return oldest;
  }
}
