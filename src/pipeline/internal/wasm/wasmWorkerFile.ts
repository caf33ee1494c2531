import { fileURLToPath } from 'node:url';

/**
 * Path of the compiled WASM stage worker next to this file. ESM-only (uses `import.meta`): imported lazily, so
 * CommonJS test runners that load the pipeline barrel never evaluate it.
 *
 * @returns the absolute path of `wasmWorker.js`
 */
export function wasmWorkerPath(): string {
  return fileURLToPath(new URL('./wasmWorker.js', import.meta.url));
}
