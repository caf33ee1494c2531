import { isJobSkipLine } from '../../stream/jobs/jobLine.js';
import { RawJson, type Item } from './Item.js';
import { LineBlock } from './LineBlock.js';

/**
 * The factor records of a {@link LineBlock}, rendered as NDJSON by a `factorize` worker: one record per line
 * that is not blank or a comment, in line order. Every sink writes them as they are (a record's text is its
 * NDJSON and its text line alike); a node that works item by item gets one {@link RawJson} item per record,
 * numbered and positioned by the line it came from.
 */
export class RecordBlock {
  /** The records, each ending in `\n`. */
  readonly text: string;
  /** Records in `text`. */
  readonly records: number;
  /** The lines they were made from. */
  readonly source: LineBlock;

  constructor(text: string, records: number, source: LineBlock) {
    this.text = text;
    this.records = records;
    this.source = source;
  }

  /**
   * The block as blocks of at most `max` records each, in order (the block itself when it is that small): each
   * with the source lines its records came from.
   *
   * @param max - most records per block (≥ 1)
   * @returns the blocks
   */
  split(max: number): RecordBlock[] {
    if (this.records <= max) return [this];
    const out: RecordBlock[] = [];
    const src = this.source;
    const t = src.text;
    let from = 0; // source text offset of the current piece
    let first = 0; // index of its first line in the source
    let outFrom = 0; // its first record in this.text
    let records = 0;
    let lines = 0;
    let at = src.start;
    let pos = 0;
    const cut = (to: number, outTo: number, isLast: boolean): void => {
      const text = isLast ? t.slice(from) : t.slice(from, to);
      const end = isLast ? src.end : at + Buffer.byteLength(text);
      const piece = new LineBlock(text, lines, src.firstLine + first, at, end, src.stripCr);
      out.push(new RecordBlock(this.text.slice(outFrom, outTo), records, piece));
      first += lines;
      from = to;
      outFrom = outTo;
      at = end;
      records = 0;
      lines = 0;
    };
    for (let i = 0; i < src.count; i++) {
      const nl = t.indexOf('\n', pos);
      const to = nl === -1 ? t.length : nl;
      lines++;
      if (!skipLine(t, pos, to)) {
        records++;
        if (records === max && i < src.count - 1) {
          let outTo = outFrom;
          for (let k = 0; k < records; k++) outTo = this.text.indexOf('\n', outTo) + 1;
          cut(to + 1, outTo, false);
        }
      }
      pos = to + 1;
    }
    if (lines > 0) cut(t.length, this.text.length, true);
    return out;
  }

  /** The records as items, each with the number and end offset of its source line. */
  items(): Item[] {
    const out: Item[] = [];
    let from = 0;
    this.source.forEachLine((line, n, end) => {
      if (isJobSkipLine(line)) return;
      const nl = this.text.indexOf('\n', from);
      out.push({ v: new RawJson(this.text.slice(from, nl)), line: n, end });
      from = nl + 1;
    });
    return out;
  }
}

/** Whether the line `text[from, to)` writes no record: most lines start with a digit, sign or brace and do. */
function skipLine(text: string, from: number, to: number): boolean {
  const c = text.charCodeAt(from);
  if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 123) return false;
  return isJobSkipLine(text.slice(from, to));
}
