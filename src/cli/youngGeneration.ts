import v8 from 'node:v8';

/** How V8's young generation (the heap space of new, short-lived objects) may grow. */
export type YoungGeneration = 'fixed' | 'growing';

/**
 * The young-generation mode a command line asks for: `primeos pipeline run` keeps it `fixed` unless
 * `--young-generation growing` is given; every other command leaves V8's default (undefined). Read from the raw
 * arguments because it must be applied before the CLI's modules load (commander validates the option later).
 *
 * @param argv - the arguments after `node main.js`
 * @returns the mode, or undefined for V8's default
 */
export function youngGenerationOf(argv: readonly string[]): YoungGeneration | undefined {
  if (argv[0] !== 'pipeline' || argv[1] !== 'run') return undefined;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') break;
    const value = a === '--young-generation' ? argv[i + 1] : a.startsWith('--young-generation=') ? a.slice(19) : null;
    if (value !== null) return value === 'growing' ? 'growing' : 'fixed';
  }
  return 'fixed';
}

/**
 * Keep V8's young generation at its start size (2 × 1 MB semi-spaces) for the rest of the process (`fixed`).
 * A pipeline allocates a steady stream of short-lived items and keeps a few hundred of them alive in its
 * channels; under V8's default that steady survival grows the young generation to 2 × 16 MB, which also lets
 * more garbage reach the old generation between major collections: with a slow sink, memory levels off about
 * 50 MB higher (`npx tsx bench/pipeline-memory.ts`; docs/PIPELINES.md, "Memory"). V8 reads the growth factor at
 * each growth decision, so this works after start; call it before loading much code (loading grows it too).
 *
 * @param mode - `fixed` pins the young generation; `growing` (or undefined) leaves V8's default
 */
export function applyYoungGeneration(mode: YoungGeneration | undefined): void {
  if (mode === 'fixed') v8.setFlagsFromString('--semi-space-growth-factor=1');
}
