import { writeOut } from './input.js';

/** Default size of each write of a {@link BufferedOutput}, in bytes. */
export const DEFAULT_OUTPUT_BUFFER_BYTES = 64 * 1024;

/**
 * Collects small pieces of output (chunk lines, decoded blocks, verdicts) into buffers of about
 * `bufferBytes` and writes them, waiting for `drain` when the stream's buffer is full. Pieces are pushed
 * synchronously; a command calls {@link BufferedOutput.flush} after each read of its input, so output follows
 * input as it arrives (also interactively) and the command holds at most one read's output however slow
 * its reader is.
 */
export class BufferedOutput {
  private readonly out: NodeJS.WritableStream;
  private readonly bufferBytes: number;
  private buf: Buffer;
  private at = 0;
  /** Filled buffers waiting to be written. */
  private full: Buffer[] = [];

  /**
   * @param out - the stream written to
   * @param bufferBytes - bytes per write
   */
  constructor(out: NodeJS.WritableStream, bufferBytes: number = DEFAULT_OUTPUT_BUFFER_BYTES) {
    this.out = out;
    this.bufferBytes = bufferBytes;
    this.buf = Buffer.allocUnsafe(bufferBytes);
  }

  /**
   * Append bytes (copied).
   *
   * @param bytes - the bytes
   */
  push(bytes: Uint8Array): void {
    if (bytes.length > this.buf.length - this.at) this.rotate(bytes.length);
    this.buf.set(bytes, this.at);
    this.at += bytes.length;
  }

  /**
   * Append text as UTF-8.
   *
   * @param text - the text
   */
  pushText(text: string): void {
    const most = text.length * 3;
    if (most > this.buf.length - this.at) this.rotate(most);
    this.at += this.buf.write(text, this.at);
  }

  /** Bytes collected and not written yet. */
  get pendingBytes(): number {
    let n = this.at;
    for (const b of this.full) n += b.length;
    return n;
  }

  /** Write everything collected, waiting for `drain` when the stream asks. */
  async flush(): Promise<void> {
    if (this.at > 0) this.rotate(0);
    const full = this.full;
    this.full = [];
    for (const b of full) await writeOut(this.out, b);
  }

  /** Retire the current buffer and start one with room for at least `need` bytes. */
  private rotate(need: number): void {
    if (this.at > 0) this.full.push(this.buf.subarray(0, this.at));
    this.buf = Buffer.allocUnsafe(Math.max(this.bufferBytes, need));
    this.at = 0;
  }
}
