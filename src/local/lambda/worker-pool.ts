import { performance } from 'node:perf_hooks';
import { LambdaFunctionConfig } from './function-config';
import { InitPhase, RuntimeWorker, WorkerInvocation, WorkerOptions, WorkerResult } from './runtime-worker';
import { BudgetWaiter, WorkerBudget } from './worker-budget';

/** What a pool needs besides the function's configuration. */
export interface WorkerPoolOptions extends WorkerOptions {
  /**
   * How long a worker beyond the function's last one may stay idle before it is stopped (AWS
   * reclaims idle execution environments too).
   */
  readonly idleWorkerTimeoutMs: number;
}

interface Queued {
  readonly invocation: WorkerInvocation;
  readonly resolve: (result: Promise<WorkerResult>) => void;
}

/**
 * The execution environments of one function. An invocation runs on the idle worker that finished
 * last (so the ones beyond what traffic needs stay idle and are stopped after a while); with none
 * idle, a new worker starts if the host's budget has a place, else the invocation waits in this
 * function's queue (first in, first out) for the next worker that frees up.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
 */
export class WorkerPool implements BudgetWaiter {
  private readonly workers = new Set<RuntimeWorker>();
  /** Workers started by provisioned concurrency: never stopped for being idle. */
  private readonly provisioned = new Set<RuntimeWorker>();
  /** Idle workers, the one idle the shortest last. */
  private readonly idle: RuntimeWorker[] = [];
  private readonly queue: Queued[] = [];
  /** Ended workers whose process may still be exiting. */
  private readonly retiring = new Set<Promise<void>>();
  private idleTimer?: NodeJS.Timeout;
  /** Workers being started for this pool (they count as its workers for the budget). */
  private starting = 0;
  private stopped = false;

  constructor(private readonly config: LambdaFunctionConfig, private readonly options: WorkerPoolOptions, private readonly budget: WorkerBudget) {}

  /**
   * Provisioned concurrency: starts up to `count` workers now, each initialized before any
   * invocation, within the places the host's budget has free (never past its limit); they are
   * kept however long they stay idle. Resolves with how many finished init.
   * https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html
   */
  async prestart(count: number): Promise<number> {
    this.assertRunning();
    const starting: Array<Promise<RuntimeWorker | undefined>> = [];
    for (let i = 0; i < count && this.budget.size < this.budget.limit; i++) {
      const reserved = this.budget.reserve(this, false);
      if (!reserved) break;
      starting.push(this.startProvisioned(reserved));
    }
    const started = (await Promise.all(starting)).filter((worker): worker is RuntimeWorker => worker !== undefined);
    for (const worker of started) {
      this.provisioned.add(worker);
      this.workerFree(worker);
    }
    return started.length;
  }

  /** Runs an invocation on an idle worker, on a new one, or on the next that frees up. */
  async run(invocation: WorkerInvocation): Promise<WorkerResult> {
    this.assertRunning();
    return this.dispatch(invocation);
  }

  /** Stops every worker; invocations in progress end with a Runtime.ExitError, queued ones fail. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.idleTimer);
    this.budget.forget(this);
    for (const queued of this.queue.splice(0)) queued.resolve(Promise.reject(this.stoppedError()));
    await Promise.all([...this.workers].map((worker) => worker.stop()));
    await Promise.all([...this.retiring]);
  }

  get hasQueued(): boolean {
    return this.queue.length > 0;
  }

  get workerCount(): number {
    return this.workers.size + this.starting;
  }

  /** A place in the budget freed up for this pool: start a worker for the oldest queued invocation. */
  grant(): boolean {
    const next = this.queue.shift();
    if (!next || this.stopped) {
      if (next) this.queue.unshift(next);
      return false;
    }
    next.resolve(this.startAndRun(next.invocation, 'init', Promise.resolve()));
    return true;
  }

  private dispatch(invocation: WorkerInvocation): Promise<WorkerResult> {
    const worker = this.idle.pop();
    if (worker) return this.runOn(worker, invocation);
    const reserved = this.budget.reserve(this);
    if (reserved) return this.startAndRun(invocation, 'init', reserved);
    return new Promise((resolve) => this.queue.push({ invocation, resolve }));
  }

  /** A provisioned worker, once its init is done; undefined when it could not start or init failed (its log says why). */
  private async startProvisioned(reserved: Promise<void>): Promise<RuntimeWorker | undefined> {
    let worker: RuntimeWorker;
    this.starting++;
    try {
      await reserved;
      this.assertRunning();
      worker = await RuntimeWorker.start(this.config, this.options, 'init', (ended) => this.retire(ended), 'provisioned-concurrency');
    } catch (error) {
      this.budget.cancel();
      this.options.log(`[${this.config.name}] a provisioned worker could not start: ${(error as Error).message}`);
      return undefined;
    } finally {
      this.starting--;
    }
    this.budget.started(worker, this);
    this.workers.add(worker);
    return (await worker.initialized()) ? worker : undefined;
  }

  /** Starts a worker in a place reserved in the budget (once `reserved` resolves), and runs the invocation that waits for it. */
  private async startAndRun(invocation: WorkerInvocation, initPhase: InitPhase, reserved: Promise<void>): Promise<WorkerResult> {
    let worker: RuntimeWorker;
    this.starting++;
    try {
      await reserved;
      this.assertRunning();
      worker = await RuntimeWorker.start(this.config, this.options, initPhase, (ended) => this.retire(ended));
    } catch (error) {
      this.budget.cancel();
      throw error;
    } finally {
      this.starting--;
    }
    this.budget.started(worker, this);
    this.workers.add(worker);
    if (this.stopped) {
      await worker.stop();
      throw this.stoppedError();
    }
    return this.runOn(worker, invocation);
  }

  private async runOn(worker: RuntimeWorker, invocation: WorkerInvocation): Promise<WorkerResult> {
    const result = await worker.invoke(invocation);
    if (result.rerun) {
      // Lambda retries Init within the invocation, bounded by the function's timeout (or, when the
      // runtime exited before taking it, runs it in a new environment): in the place the dropped
      // worker held, unless someone waiting took it, then in one of its own.
      await worker.stop();
      return this.startAndRun(invocation, result.rerun, this.budget.reserve(this, true)!);
    }
    this.workerFree(worker);
    return result;
  }

  /** A worker finished an invocation: the next queued one is its, else it waits idle (or gives its place up). */
  private workerFree(worker: RuntimeWorker): void {
    if (worker.ended) return;
    const next = this.queue.shift();
    // With nothing left queued, this pool's waits for a place are stale.
    if (this.queue.length === 0) this.budget.forget(this);
    if (next) {
      next.resolve(this.runOn(worker, next.invocation));
    } else if (this.budget.shouldYield(this)) {
      // Another function with fewer workers waits for a place; an idle worker here would hold it for nothing.
      void worker.stop();
    } else {
      this.idle.push(worker);
      this.scheduleIdleSweep();
    }
  }

  private retire(worker: RuntimeWorker): void {
    this.workers.delete(worker);
    this.provisioned.delete(worker);
    const index = this.idle.indexOf(worker);
    if (index >= 0) this.idle.splice(index, 1);
    const stopped: Promise<void> = worker.stop().then(() => {
      this.retiring.delete(stopped);
    });
    this.retiring.add(stopped);
    // After the process is gone, so the count of processes never goes over the budget.
    void stopped.then(() => this.budget.release(worker));
  }

  /** Stops workers idle longer than the timeout, keeping the last one warm and the provisioned ones. */
  private scheduleIdleSweep(): void {
    if (this.idleTimer || this.idle.length - this.provisioned.size < 2) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      const cutoff = performance.now() - this.options.idleWorkerTimeoutMs;
      // idle[0] is the one idle the longest; the last one stays.
      for (let i = 0; i < this.idle.length - 1 && this.idle[i].idleSince <= cutoff;) {
        if (this.provisioned.has(this.idle[i])) i++;
        else void this.idle.splice(i, 1)[0].stop();
      }
      this.scheduleIdleSweep();
    }, this.options.idleWorkerTimeoutMs / 2);
    this.idleTimer.unref();
  }

  private assertRunning(): void {
    if (this.stopped) throw this.stoppedError();
  }

  private stoppedError(): Error {
    return new Error(`the Lambda service is stopped; ${this.config.name} cannot run`);
  }
}
