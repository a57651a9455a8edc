/** What the budget needs to know of an execution environment (a RuntimeWorker). */
export interface BudgetedWorker {
  /** True while the worker waits for its next invocation. */
  readonly idle: boolean;
  /** `performance.now()` when the worker last became idle (or started). */
  readonly idleSince: number;
  /** Ends the worker; its pool's end callback calls `remove`, synchronously. */
  stop(): Promise<void>;
}

/**
 * Caps the function processes of all functions together at the account's concurrency. Lambda
 * counts only invocations in progress, and shuts idle execution environments down on its own;
 * offline an idle process stays warm, so without a cap the processes would add up to the
 * concurrency of each function in turn. At the cap, the process idle the longest is stopped
 * before a new one starts.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html#runtimes-lifecycle
 */
export class ProcessBudget {
  private readonly live = new Set<BudgetedWorker>();
  /** Processes being started: counted before they exist, so two starts cannot both take the last place. */
  private starting = 0;

  constructor(private readonly limit: number) {}

  /** Function processes running or starting. */
  get size(): number {
    return this.live.size + this.starting;
  }

  /**
   * Takes a place for a new process, stopping idle ones while the budget is full; call `started`
   * or `cancel` after. Within the concurrency limit there is always an idle one: every busy
   * process and every process starting serves another invocation in progress.
   */
  async reserve(): Promise<void> {
    const stopping: Array<Promise<void>> = [];
    while (this.size >= this.limit) {
      const victim = this.longestIdle();
      if (!victim) break;
      stopping.push(victim.stop());
      // stop() ends the worker at once and its pool removes it; make sure, so the loop ends.
      this.live.delete(victim);
    }
    this.starting++;
    // The new process starts once the old ones are gone, so the count never goes over.
    await Promise.all(stopping);
  }

  /** The reserved place is now this worker. */
  started(worker: BudgetedWorker): void {
    this.starting--;
    this.live.add(worker);
  }

  /** The reserved place was not used (the process could not start). */
  cancel(): void {
    this.starting--;
  }

  /** The worker ended (timeout, crash, stop). */
  remove(worker: BudgetedWorker): void {
    this.live.delete(worker);
  }

  private longestIdle(): BudgetedWorker | undefined {
    let oldest: BudgetedWorker | undefined;
    for (const worker of this.live) {
      if (worker.idle && (!oldest || worker.idleSince < oldest.idleSince)) oldest = worker;
    }
    return oldest;
  }
}
