/** What the budget needs to know of an execution environment (a RuntimeWorker). */
export interface BudgetedWorker {
  /** True while the worker waits for its next invocation. */
  readonly idle: boolean;
  /** `performance.now()` when the worker last became idle (or started). */
  readonly idleSince: number;
  /** Ends the worker; its pool gives its place back with `release`. */
  stop(): Promise<void>;
}

/** A pool that waits for a place (a WorkerPool with invocations queued). */
export interface BudgetWaiter {
  /** True while it has invocations waiting (a wait whose invocation a worker of its own took is stale). */
  readonly hasQueued: boolean;
  /** The place is this pool's: it starts a worker and answers true, or answers false (no longer needed). */
  grant(): boolean;
}

/**
 * The host's workers: how many function processes really run, across all functions. Lambda gives
 * every execution environment its own CPU share; one machine cannot, so the offline cloud runs at
 * most `limit` runtime processes and queues the invocations beyond them (Lambda's concurrency,
 * counted apart by the invoker, decides what is throttled). A function with no worker may always
 * start one, even past the limit, so a function that synchronously invokes another never waits
 * for itself to finish. At the limit, the worker idle the longest is stopped for a new one.
 */
export class WorkerBudget {
  private readonly live = new Set<BudgetedWorker>();
  /** Places taken by workers being started (counted before they exist). */
  private starting = 0;
  private readonly waiters: BudgetWaiter[] = [];

  constructor(readonly limit: number) {}

  /** Function processes running or starting. */
  get size(): number {
    return this.live.size + this.starting;
  }

  /**
   * Takes a place for a new worker, or answers undefined and queues `waiter` for the next free
   * place. The promise resolves once idle workers stopped for it are gone, so the count of
   * processes never goes over. Call `started` or `cancel` after.
   */
  reserve(waiter: BudgetWaiter, hasWorkers: boolean): Promise<void> | undefined {
    const stopping: Array<Promise<void>> = [];
    while (this.size >= this.limit) {
      const victim = this.longestIdle();
      if (!victim) break;
      this.live.delete(victim);
      stopping.push(victim.stop());
    }
    if (this.size >= this.limit && hasWorkers) {
      this.waiters.push(waiter);
      return undefined;
    }
    this.starting++;
    return Promise.all(stopping).then(() => undefined);
  }

  /** The reserved place is now this worker. */
  started(worker: BudgetedWorker): void {
    this.starting--;
    this.live.add(worker);
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

  /** True when a pool with invocations queued waits for a place: an idle worker elsewhere should give its own up. */
  get contended(): boolean {
    return this.waiters.some((waiter) => waiter.hasQueued);
  }

  /** Forgets a pool's waits (its function was stopped). */
  forget(waiter: BudgetWaiter): void {
    for (let i = this.waiters.indexOf(waiter); i >= 0; i = this.waiters.indexOf(waiter)) this.waiters.splice(i, 1);
  }

  private handOn(): void {
    while (this.size < this.limit && this.waiters.length > 0) {
      const waiter = this.waiters.shift()!;
      this.starting++;
      if (!waiter.grant()) this.starting--;
    }
  }

  private longestIdle(): BudgetedWorker | undefined {
    let oldest: BudgetedWorker | undefined;
    for (const worker of this.live) {
      if (worker.idle && (!oldest || worker.idleSince < oldest.idleSince)) oldest = worker;
    }
    return oldest;
  }
}
