/**
 * Path of the built stream worker module (`streamWorker.js` next to the installed package's stream folder).
 * Resolved lazily through a dynamic import of an ESM-only helper, so importing the stream barrel never
 * touches `import.meta` (CommonJS test runners can load it).
 *
 * @returns a promise of the absolute path of the worker module
 *
 * @example
 * ```ts
 * import { WorkerPool, defaultStreamWorkerFile } from 'primeos/stream';
 * const pool = new WorkerPool({ filename: await defaultStreamWorkerFile(), threads: 2 });
 * ```
 */
export async function defaultStreamWorkerFile(): Promise<string> {
  const m = await import('./defaultWorkerFile.js');
  return m.streamWorkerPath();
}
