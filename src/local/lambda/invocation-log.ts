/**
 * The log of one invocation as `X-Amz-Log-Result` returns it: the last 4 KB of what the
 * invocation wrote, START to REPORT.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_ResponseSyntax
 */
export class InvocationLog {
  /** The bytes `LogType: Tail` returns. */
  static readonly TAIL_BYTES = 4096;

  private text = '';

  append(line: string): void {
    this.text += `${line}\n`;
    // Keep a little more than the tail, so memory stays bounded however much a function prints.
    if (this.text.length > 4 * InvocationLog.TAIL_BYTES) this.text = this.text.slice(-2 * InvocationLog.TAIL_BYTES);
  }

  /** The last 4 KB, base64-encoded. */
  tailBase64(): string {
    const bytes = Buffer.from(this.text, 'utf8');
    return bytes.subarray(Math.max(0, bytes.length - InvocationLog.TAIL_BYTES)).toString('base64');
  }
}

/**
 * Splits a process's output stream into lines; a last line without newline comes out at the end.
 * A line longer than `maxLineChars` comes out in pieces of that length, so memory stays bounded
 * however a function writes (how Lambda cuts long lines is not documented).
 */
export class LineSplitter {
  /** 256 KiB: the offline cloud's own bound. */
  static readonly MAX_LINE_CHARS = 256 * 1024;

  private pending = '';

  constructor(private readonly onLine: (line: string) => void, private readonly maxLineChars = LineSplitter.MAX_LINE_CHARS) {}

  push(chunk: Buffer | string): void {
    const lines = (this.pending + chunk.toString()).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.emit(line.replace(/\r$/, ''));
    while (this.pending.length >= this.maxLineChars) {
      this.onLine(this.pending.slice(0, this.maxLineChars));
      this.pending = this.pending.slice(this.maxLineChars);
    }
  }

  private emit(line: string): void {
    for (let start = 0; start < line.length; start += this.maxLineChars) {
      this.onLine(line.slice(start, start + this.maxLineChars));
    }
    if (line.length === 0) this.onLine(line);
  }

  flush(): void {
    if (this.pending !== '') this.onLine(this.pending.replace(/\r$/, ''));
    this.pending = '';
  }
}

/** What the REPORT line of an invocation says. */
export interface InvocationReport {
  readonly requestId: string;
  readonly durationMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb?: number;
  /** Set on the first invocation of an execution environment. */
  readonly initDurationMs?: number;
  /** `timeout` or `error` when the invocation ended the execution environment. */
  readonly status?: 'timeout' | 'error';
  readonly errorType?: string;
}

/**
 * The platform's `REPORT` line, tab-separated as in CloudWatch Logs.
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
 */
export function reportLine(report: InvocationReport): string {
  const fields = [
    `REPORT RequestId: ${report.requestId}`,
    `Duration: ${report.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${Math.max(1, Math.ceil(report.durationMs))} ms`,
    `Memory Size: ${report.memorySizeMb} MB`,
  ];
  if (report.maxMemoryUsedMb !== undefined) fields.push(`Max Memory Used: ${report.maxMemoryUsedMb} MB`);
  if (report.initDurationMs !== undefined) fields.push(`Init Duration: ${report.initDurationMs.toFixed(2)} ms`);
  if (report.status !== undefined) fields.push(`Status: ${report.status}`);
  if (report.errorType !== undefined) fields.push(`Error Type: ${report.errorType}`);
  return fields.join('\t');
}
