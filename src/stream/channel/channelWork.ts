import { decodeBytesReport } from '../../encoding/blockCodec.js';
import { encodeBytes } from '../../encoding/blockCodec.js';
import { ChunkVM } from '../../encoding/ChunkVM.js';
import { MAX_CHUNK_BITS } from '../../encoding/chunkLayout.js';
import { parseProgramText } from '../../encoding/parseProgramText.js';
import { hasErrorCode } from '../../model/PrimeosError.js';
import { parseBigInt } from '../../primes/parseBigInt.js';
import { factorJobBatch, type FactorJobBatchInput, type FactorJobBatchOutput } from '../jobs/factorJobBatch.js';
import type { FactorJobSettings } from '../jobs/JobCheckpoint.js';
import { verifyRecordJson } from '../jobs/verifyRecord.js';
import type { WorkerPool } from '../WorkerPool.js';
import type { ChannelOperation, ChannelOptions, WireError } from './channelProtocol.js';

/** The outcome of one channel item: the operation's output text, and the error when the item failed. */
export interface ItemOutcome {
  readonly out: string;
  readonly error?: WireError;
}

/** One input item of a channel. */
export interface ChannelItem {
  readonly seq: number;
  readonly data: string;
}

/**
 * The work of a channel: consecutive items (at most `maxBatch`) to their outcomes, one per item in order; rejects
 * only when aborted or when the worker pool fails.
 */
export interface ChannelWork {
  readonly maxBatch: number;
  run(items: readonly ChannelItem[], signal: AbortSignal): Promise<ItemOutcome[]>;
}

/** Items of a `factor` channel sent to the worker pool in one task (those already waiting; none is held back). */
export const CHANNEL_FACTOR_BATCH = 64;

const oneByOne = (f: (seq: number, data: string, signal: AbortSignal) => Promise<ItemOutcome>): ChannelWork => ({
  maxBatch: 1,
  run: async (items, signal) => {
    const out: ItemOutcome[] = [];
    for (const it of items) out.push(await f(it.seq, it.data, signal));
    return out;
  },
});

/** Whether a factor-job line writes no record (the rule of `parseJobLine`: blank or `#`). */
const skipsRecord = (data: string): boolean => {
  const t = data.trim();
  return t === '' || t.startsWith('#');
};

/** Defaults of channel operations, in one place (the CLI's defaults, except the budget: a server answers sooner). */
export const CHANNEL_WORK_DEFAULTS = {
  budgetMs: 10_000,
  seed: 1,
  maxBits: 4096,
  maxItemBytes: 1 << 20,
  format: 'ndjson',
  input: 'auto',
} as const;

const toWire = (err: unknown): WireError =>
  hasErrorCode(err) ? { code: err.code, message: err.message } : { code: 'E_INTERNAL', message: String(err) };

const chunkValues = (text: string): bigint[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => parseBigInt(l, { maxBits: MAX_CHUNK_BITS, allowNegative: false }));

/**
 * The per-item work of a channel operation, composed from the engine (docs/PROTOCOL.md §Operations). The output of
 * an item is what the CLI writes for the same input, so a channel and `primeos <op>` agree byte for byte:
 * - `factor`: the item is one input line; `out` is its NDJSON record (line number = seq + 1) or text line.
 * - `verify`: the item is one chunk line; `out` is its verdict record (line number = seq + 1).
 * - `encode`: the item is text; `out` is its chunks, one per line (`primeos encode` of that text).
 * - `decode`: the item is chunks, one per line; `out` is the decoded text (`primeos decode`).
 * - `run`: the item is a program (assembler or chunk lines); `out` is its PRINT lines (`primeos run`).
 *
 * @param op - the operation
 * @param options - its options (defaults from {@link CHANNEL_WORK_DEFAULTS})
 * @param pool - a worker pool running the stream worker, for `factor` (the task is aborted by the signal)
 * @returns the item function
 */
export function channelWork(op: ChannelOperation, options: ChannelOptions = {}, pool?: WorkerPool): ChannelWork {
  switch (op) {
    case 'factor': {
      const settings: FactorJobSettings = {
        input: options.input ?? CHANNEL_WORK_DEFAULTS.input,
        format: options.format ?? CHANNEL_WORK_DEFAULTS.format,
        budgetMs: options.budgetMs ?? CHANNEL_WORK_DEFAULTS.budgetMs,
        seed: options.seed ?? CHANNEL_WORK_DEFAULTS.seed,
        maxBits: options.maxBits ?? CHANNEL_WORK_DEFAULTS.maxBits,
        maxLineBytes: CHANNEL_WORK_DEFAULTS.maxItemBytes,
        hex: options.hex ?? false,
        timings: options.timings ?? false,
      };
      const task = pool?.task<FactorJobBatchInput, FactorJobBatchOutput>('factorJobBatch');
      const render = (input: FactorJobBatchInput, signal: AbortSignal): Promise<FactorJobBatchOutput> =>
        task ? task(input, signal) : Promise.resolve(factorJobBatch(input, signal));
      if (settings.format === 'text') {
        // text lines cannot be told apart per item (failed lines write none): one item per call
        return oneByOne(async (seq, data, signal) => {
          const r = await render({ entries: [data], lines: [seq + 1], settings }, signal);
          const first = r.errors[0];
          return first === undefined ? { out: r.text } : { out: r.text, error: { code: 'E_PARSE', message: first } };
        });
      }
      return {
        maxBatch: CHANNEL_FACTOR_BATCH,
        // one task for the items waiting together; NDJSON writes one line per item that is not skipped
        run: async (items, signal) => {
          const r = await render(
            { entries: items.map((i) => i.data), lines: items.map((i) => i.seq + 1), settings },
            signal,
          );
          const lines = r.text.split('\n');
          let k = 0;
          return items.map((i) => (skipsRecord(i.data) ? { out: '' } : { out: (lines[k++] as string) + '\n' }));
        },
      };
    }
    case 'verify':
      return oneByOne((seq, data) => {
        let input: bigint | WireError;
        try {
          input = parseBigInt(data.trim(), { maxBits: MAX_CHUNK_BITS, allowNegative: false });
        } catch (err) {
          input = toWire(err);
        }
        return Promise.resolve({ out: verifyRecordJson(seq + 1, input).json + '\n' });
      });
    case 'encode':
      return oneByOne((_seq, data) => {
        try {
          const chunks = encodeBytes(Buffer.from(data, 'utf8'), {
            ...(options.blockSize === undefined ? {} : { blockSize: options.blockSize }),
          });
          const hex = options.hex === true;
          return Promise.resolve({
            out: chunks.map((c) => (hex ? '0x' + c.toString(16) : c.toString()) + '\n').join(''),
          });
        } catch (err) {
          return Promise.resolve({ out: '', error: toWire(err) });
        }
      });
    case 'decode':
      return oneByOne((_seq, data) => {
        try {
          const report = decodeBytesReport(chunkValues(data));
          if (report.ok) return Promise.resolve({ out: Buffer.from(report.bytes).toString('utf8') });
          const issue = report.issues[0];
          return Promise.resolve({
            out: '',
            error: { code: report.code, message: issue?.message ?? 'invalid chunk stream' },
          });
        } catch (err) {
          return Promise.resolve({ out: '', error: toWire(err) });
        }
      });
    case 'run':
      return oneByOne((_seq, data, signal) => {
        let out = '';
        try {
          const vm = new ChunkVM(parseProgramText(data), {
            ...(options.maxSteps === undefined ? {} : { maxSteps: options.maxSteps }),
            ...(options.maxStack === undefined ? {} : { maxStackDepth: options.maxStack }),
            ...(options.maxOutputBytes === undefined ? {} : { maxOutputBytes: options.maxOutputBytes }),
            signal,
          });
          const outputs = vm.outputs();
          for (;;) {
            const r = outputs.next();
            if (r.done !== true) out += r.value + '\n';
            else return Promise.resolve(r.value.status === 'halted' ? { out } : { out, error: toWire(r.value.error) });
          }
        } catch (err) {
          return Promise.resolve({ out, error: toWire(err) });
        }
      });
  }
}
