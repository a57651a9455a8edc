import { LambdaFunctionConfig } from './function-config';
import { ProcessBudget } from './process-budget';
import { RuntimeWorker, WorkerInvocation, WorkerOptions, WorkerResult } from './runtime-worker';

/**
 * The execution environments of one function: an idle one is reused (warm start), and when all
 * are busy a new one starts, so there is one process per concurrent invocation.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
 */
export class WorkerPool {
  private readonly workers = new Set<RuntimeWorker>();
  /** Ended workers whose process may still be exiting. */
  private readonly retiring = new Set<Promise<void>>();
  private running = 0;
  private stopped = false;

  /** @param budget shared by the pools of all functions: caps their processes together */
  constructor(private readonly config: LambdaFunctionConfig, private readonly options: WorkerOptions, private readonly budget: ProcessBudget) {}

  /** Invocations in progress on this function. */
  get inFlight(): number {
    return this.running;
  }

  /** Runs an invocation on an idle worker, or on a new one. */
  async run(invocation: WorkerInvocation): Promise<WorkerResult> {
    if (this.stopped) throw new Error(`the Lambda service is stopped; ${this.config.name} cannot run`);
    this.running++;
    try {
      let worker = [...this.workers].find((candidate) => candidate.idle);
      if (!worker) {
        await this.budget.reserve();
        try {
          worker = await RuntimeWorker.start(this.config, this.options, (ended) => this.retire(ended));
        } catch (error) {
          this.budget.cancel();
          throw error;
        }
        this.budget.started(worker);
        if (this.stopped) {
          await worker.stop();
          throw new Error(`the Lambda service is stopped; ${this.config.name} cannot run`);
        }
        // No await between here and invoke(): an idle worker in `workers` is anyone's to take.
        this.workers.add(worker);
      }
      return await worker.invoke(invocation);
    } finally {
      this.running--;
    }
  }

  /** Stops every worker; invocations in progress end with a Runtime.ExitError. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.workers].map((worker) => worker.stop()));
    await Promise.all([...this.retiring]);
  }

  private retire(worker: RuntimeWorker): void {
    this.workers.delete(worker);
    this.budget.remove(worker);
    const stopped: Promise<void> = worker.stop().then(() => {
      this.retiring.delete(stopped);
    });
    this.retiring.add(stopped);
  }
}
