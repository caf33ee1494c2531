import type { Item } from './Item.js';

/** Over-long lines of a batch: pairs (index in the batch, length in bytes), and the input offset past each. */
export interface OverLongLines {
  readonly lines: readonly number[];
  readonly ends: readonly number[];
}

/**
 * A run of consecutive source lines travelling as one item: a `lines` source reads its input in blocks (no
 * string or object per line), a `factorize` node hands a block to a worker as one task and a sink writes it in
 * one piece. A node that works line by line gets the block's lines as separate items ({@link LineBlock.items}),
 * the same items a line-at-a-time source would have given. A block never holds an over-long line.
 */
export class LineBlock {
  /** The lines as read, each ending in `\n` (`\r\n` kept when `stripCr`) except perhaps the last (end of input). */
  readonly text: string;
  /** Lines in the block. */
  readonly count: number;
  /** 1-based line number of the first line. */
  readonly firstLine: number;
  /** Input byte offsets of the first line's first byte and just past the last line. */
  readonly start: number;
  readonly end: number;
  /** True when a `\r` before each `\n` is still part of `text` (the reader drops it). */
  readonly stripCr: boolean;
  /** True when the block ends its source's input (nothing follows it). */
  readonly final: boolean;

  /** Over-long lines the reader left out (their place in `text` is an empty line): see the constructor. */
  readonly #overLong: OverLongLines | undefined;

  /**
   * @param overLong - only while a source unpacks a batch that held over-long lines: which lines they were
   */
  constructor(
    text: string,
    count: number,
    firstLine: number,
    start: number,
    end: number,
    stripCr: boolean,
    final = false,
    overLong?: OverLongLines,
  ) {
    this.text = text;
    this.count = count;
    this.firstLine = firstLine;
    this.start = start;
    this.end = end;
    this.stripCr = stripCr;
    this.final = final;
    this.#overLong = overLong;
  }

  /**
   * Whether `next` continues this block: its first line is the one after this block's last, in the same input.
   *
   * @param next - a later block
   * @returns true when the two read as one block
   */
  continuedBy(next: LineBlock): boolean {
    return next.firstLine === this.lastLine + 1 && next.start === this.end && next.stripCr === this.stripCr;
  }

  /**
   * Blocks that continue one another ({@link LineBlock.continuedBy}) as one block.
   *
   * @param blocks - at least one block, each continuing the one before
   * @returns their lines as one block
   */
  static join(blocks: readonly LineBlock[]): LineBlock {
    const first = blocks[0] as LineBlock;
    if (blocks.length === 1) return first;
    const last = blocks[blocks.length - 1] as LineBlock;
    let count = 0;
    for (const b of blocks) count += b.count;
    return new LineBlock(
      blocks.map((b) => b.text).join(''),
      count,
      first.firstLine,
      first.start,
      last.end,
      first.stripCr,
      last.final,
    );
  }

  /** Line number of the last line. */
  get lastLine(): number {
    return this.firstLine + this.count - 1;
  }

  /**
   * Visit each line: its text (without terminator and `\r`), its number and the input offset just past it; for an
   * over-long line, its length in bytes too (and an empty text).
   *
   * @param visit - called once per line, in order
   */
  forEachLine(visit: (text: string, line: number, end: number, overLongBytes?: number) => void): void {
    const t = this.text;
    const o = this.#overLong;
    let k = 0; // the next over-long line
    let from = 0;
    let end = this.start;
    for (let i = 0; i < this.count; i++) {
      const nl = t.indexOf('\n', from);
      const to = nl === -1 ? t.length : nl;
      if (o !== undefined && o.lines[2 * k] === i) {
        end = o.ends[k] as number;
        visit('', this.firstLine + i, end, o.lines[2 * k + 1] as number);
        k++;
      } else {
        const raw = t.slice(from, to);
        end = i === this.count - 1 ? this.end : end + Buffer.byteLength(raw) + 1;
        // one '\r' before a '\n' is part of the terminator (an unterminated last line keeps it)
        visit(this.stripCr && nl !== -1 && raw.endsWith('\r') ? raw.slice(0, -1) : raw, this.firstLine + i, end);
      }
      from = to + 1;
    }
  }

  /** The block as one item per line (value: the line's text), as a line-at-a-time source gives them. */
  items(): Item[] {
    const out: Item[] = [];
    this.forEachLine((v, line, end) => out.push({ v, line, end }));
    return out;
  }

  /**
   * Cut the block after its first `lines` lines.
   *
   * @param lines - lines of the first part, 1 ≤ lines < count
   * @returns the first lines and the rest, as two blocks
   */
  cut(lines: number): [LineBlock, LineBlock] {
    const t = this.text;
    let to = 0;
    for (let k = 0; k < lines; k++) to = t.indexOf('\n', to) + 1;
    const head = t.slice(0, to);
    const mid = this.start + Buffer.byteLength(head);
    return [
      new LineBlock(head, lines, this.firstLine, this.start, mid, this.stripCr),
      new LineBlock(t.slice(to), this.count - lines, this.firstLine + lines, mid, this.end, this.stripCr, this.final),
    ];
  }
}
