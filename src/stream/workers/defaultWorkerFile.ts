import { fileURLToPath } from 'node:url';

/**
 * Path of the compiled stream worker module next to this file (`dist/stream/workers/streamWorker.js`).
 * ESM-only (uses `import.meta`); loaded lazily by the stream model so CommonJS test runners never evaluate it.
 *
 * @returns the absolute path of the worker module
 *
 * @example
 * ```ts
 * // internal: use `defaultStreamWorkerFile()` from 'primeos/stream'
 * const { streamWorkerPath } = await import('./defaultWorkerFile.js');
 * ```
 */
export function streamWorkerPath(): string {
  return fileURLToPath(new URL('./streamWorker.js', import.meta.url));
}
