import { isJobSkipLine } from '../../stream/jobs/jobLine.js';
import { RawJson, type Item } from './Item.js';
import type { LineBlock } from './LineBlock.js';

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
    let { text, records, source } = this;
    while (records > max) {
      // the source lines up to the max-th record's, and the records' text up to its end
      const [lines, rest] = source.cut(linesHolding(source.text, max));
      let to = 0;
      for (let k = 0; k < max; k++) to = text.indexOf('\n', to) + 1;
      out.push(new RecordBlock(text.slice(0, to), max, lines));
      text = text.slice(to);
      records -= max;
      source = rest;
    }
    out.push(new RecordBlock(text, records, source));
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

/** Lines of `text`, from the first, up to the one that writes the `records`-th record (there is one). */
function linesHolding(text: string, records: number): number {
  let seen = 0;
  let from = 0;
  for (let i = 0; ; i++) {
    const nl = text.indexOf('\n', from);
    if (!skipLine(text, from, nl === -1 ? text.length : nl) && ++seen === records) return i + 1;
    from = nl + 1;
  }
}

/** Whether the line `text[from, to)` writes no record: most lines start with a digit, sign or brace and do. */
function skipLine(text: string, from: number, to: number): boolean {
  const c = text.charCodeAt(from);
  if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 123) return false;
  return isJobSkipLine(text.slice(from, to));
}
