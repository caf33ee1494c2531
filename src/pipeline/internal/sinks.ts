import { closeSync, createWriteStream, ftruncateSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import { PrimeosError } from '../../model/PrimeosError.js';
import type { PipelineNode } from '../PipelineGraph.js';
import type { Channel } from './Channel.js';
import { itemCount, unpack } from './blockItems.js';
import { jsonText, lineText, type Item } from './Item.js';
import { LineBlock } from './LineBlock.js';
import { RecordBlock } from './RecordBlock.js';

/** Bytes gathered before one write. */
const WRITE_BYTES = 1 << 16;

/** A sink's committed position: bytes of its output, and the source position of the last item they hold. */
export interface SinkPosition {
  bytes: number;
  end: number;
  line: number;
  items: number;
}

/** What a checkpoint learns from a file sink: its descriptor, each completed write, and its close. */
export interface SinkCommitter {
  /** The sink opened its file (a checkpoint fsyncs it before saving). */
  opened(fd: number): void;
  /** A write completed: the new position and the bytes it appended. */
  committed(pos: SinkPosition, data: string | Uint8Array): void;
  /** The sink is about to close its file (the last chance to fsync it). */
  closing(): void;
}

function render(node: PipelineNode, v: unknown): string | Uint8Array {
  // a block is written in one piece: factor records as the worker rendered them, lines as they were read
  if (v instanceof RecordBlock) return v.text;
  if (v instanceof LineBlock) {
    if (node.type !== 'ndjson' && !(v.stripCr && v.text.includes('\r')))
      return v.text.endsWith('\n') || v.count === 0 ? v.text : v.text + '\n';
    const parts: string[] = [];
    v.forEachLine((line) => parts.push(render(node, line) as string));
    return parts.join('');
  }
  if (node.type === 'ndjson') return (typeof v === 'string' ? JSON.stringify(v) : jsonText(v)) + '\n';
  if (v instanceof Uint8Array) return v;
  return lineText(v) + '\n';
}

/** Input offset of the first record of a block (undefined for a single item). */
function blockStart(v: unknown): number | undefined {
  if (v instanceof LineBlock) return v.start;
  if (v instanceof RecordBlock) return v.source.start;
  return undefined;
}

/**
 * Run a sink node: take items from its input channels in turn, render them, and write them in blocks of up to
 * 64 KiB (sooner when no item waits), each write awaited, so a slow output slows the channel and so the graph.
 * A block of lines or records is written in one piece.
 * After each write the position is committed (`committer`). On resume, items at or before `resume.end` were
 * written before and are passed over.
 *
 * @param node - the sink node
 * @param inputs - its channels
 * @param stdout - what "-" writes to
 * @param resume - the committed position to continue from (its file is truncated to `bytes`)
 * @param committer - told of the file, each completed write and the close (checkpoints)
 * @param signal - stops the sink
 * @returns items written
 */
export async function runSink(
  node: PipelineNode,
  inputs: readonly Channel<Item>[],
  stdout: NodeJS.WritableStream,
  resume: SinkPosition | undefined,
  committer: SinkCommitter | undefined,
  signal: AbortSignal,
): Promise<number> {
  const file = (node.options.path as string | undefined) ?? '-';
  let target: NodeJS.WritableStream;
  let own: ReturnType<typeof createWriteStream> | undefined;
  if (node.type === 'stdout' || file === '-') target = stdout;
  else {
    mkdirSync(path.dirname(file), { recursive: true });
    const fd = openSync(file, resume ? 'r+' : 'w');
    if (resume) {
      if (statSync(file).size < resume.bytes) {
        closeSync(fd);
        throw new PrimeosError('E_RANGE', `output ${file} is shorter than its checkpoint says`);
      }
      ftruncateSync(fd, resume.bytes);
    }
    own = createWriteStream(file, { fd, start: resume?.bytes ?? 0 });
    committer?.opened(fd);
    target = own;
  }
  const pos: SinkPosition = resume ? { ...resume } : { bytes: 0, end: 0, line: 0, items: 0 };
  const skipUpTo = resume?.end ?? -1;
  let parts: (string | Uint8Array)[] = [];
  let size = 0;
  let last: Item | undefined;
  let count = 0;
  const flush = async (): Promise<void> => {
    if (parts.length === 0) return;
    const data =
      parts.length === 1
        ? (parts[0] as string | Uint8Array)
        : parts.every((p) => typeof p === 'string')
          ? parts.join('')
          : Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
    const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    const n = count;
    const tail = last as Item;
    parts = [];
    size = 0;
    count = 0;
    await new Promise<void>((resolve, reject) => {
      target.write(data, (err) => (err ? reject(err) : resolve()));
    });
    pos.bytes += bytes;
    pos.items += n;
    pos.end = tail.end;
    pos.line = tail.line;
    committer?.committed({ ...pos }, data);
  };
  let written = 0;
  let next = 0;
  try {
    for (;;) {
      if (signal.aborted) throw new PrimeosError('E_ABORTED', 'aborted');
      let item: Item | undefined;
      let open = 0;
      for (let k = 0; k < inputs.length; k++) {
        const c = inputs[(next + k) % inputs.length] as Channel<Item>;
        const r = c.tryReceive();
        if (r !== undefined) {
          item = r.value;
          next = (next + k + 1) % inputs.length;
          break;
        }
        if (!c.finished) open++;
      }
      if (item === undefined) {
        await flush();
        if (open === 0) break;
        await Promise.race(inputs.filter((c) => !c.finished).map((c) => c.readable()));
        continue;
      }
      // on resume, what the sink wrote before is passed over: a block that straddles that point, item by item
      const starts = skipUpTo >= 0 ? blockStart(item.v) : undefined;
      for (const one of starts !== undefined && starts < skipUpTo && item.end > skipUpTo ? unpack(item) : [item]) {
        if (one.end <= skipUpTo && skipUpTo >= 0 && one.end > 0) continue;
        const data = render(node, one.v);
        parts.push(data);
        size += data.length;
        const n = itemCount(one);
        count += n;
        written += n;
        last = one;
      }
      if (size >= WRITE_BYTES || inputs.every((c) => c.size === 0)) await flush();
    }
  } finally {
    if (own !== undefined) {
      const stream = own;
      try {
        committer?.closing();
      } finally {
        await new Promise<void>((resolve) => stream.end(() => resolve()));
      }
    }
  }
  return written;
}
