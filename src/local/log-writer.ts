/**
 * Writes log lines to a stream in batches: every line logged in one turn of the event loop goes
 * out in one write. Under load a request logs several lines (START, END, REPORT, the access log),
 * and a write per line to stderr (synchronous for pipes and files) would cost more than serving it.
 */
export class LogWriter {
  /** Flush at once beyond this many characters, so memory stays bounded. */
  private static readonly MAX_PENDING_CHARS = 64 * 1024;

  private pending: string[] = [];
  private pendingChars = 0;
  private scheduled = false;

  constructor(private readonly stream: NodeJS.WritableStream) {}

  /** Logs one line (without its newline). */
  readonly line = (line: string): void => {
    this.pending.push(line);
    this.pendingChars += line.length + 1;
    if (this.pendingChars >= LogWriter.MAX_PENDING_CHARS) {
      this.flush();
    } else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  };

  /** Writes what is pending now. */
  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const text = `${this.pending.join('\n')}\n`;
    this.pending = [];
    this.pendingChars = 0;
    this.stream.write(text);
  }
}
