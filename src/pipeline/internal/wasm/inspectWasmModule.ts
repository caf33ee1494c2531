import { readFile } from 'node:fs/promises';
import { PrimeosError } from '../../../model/PrimeosError.js';
import { wasmApi, type WasmModule } from './wasmApi.js';

/** Largest module file accepted. */
export const MAX_WASM_MODULE_BYTES = 64 << 20;

/** A module accepted by {@link inspectWasmModule}. */
export interface InspectedWasmModule {
  /** The module bytes. */
  readonly bytes: Uint8Array;
  /** Initial memory pages the module declares. */
  readonly initialPages: number;
  /** Whether it imports `env.abort`. */
  readonly importsAbort: boolean;
}

function readLeb(buf: Uint8Array, at: number): [value: number, next: number] {
  let result = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    if (i >= buf.length || shift > 35) throw new PrimeosError('E_WASM', 'malformed module (LEB128)');
    const b = buf[i++] as number;
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0) return [result, i];
  }
}

/**
 * Check a WASM stage module against the ABI and limits of docs/WASM.md without running it: valid WebAssembly,
 * no imports but an optional function `env.abort`, exports `memory`, `alloc` and `process`, one memory of at most
 * `maxMemoryPages` initial pages (growing past the limit while running is caught by the sandbox after each item).
 *
 * @param file - path of the .wasm file
 * @param limits - the page limit
 * @returns the bytes and what was found
 * @throws PrimeosError `E_WASM` for an unreadable/invalid module, a forbidden import or a missing export;
 *   `E_LIMIT` for a declared memory above the limit
 */
export async function inspectWasmModule(
  file: string,
  limits: { readonly maxMemoryPages: number },
): Promise<InspectedWasmModule> {
  let raw: Uint8Array;
  try {
    raw = new Uint8Array(await readFile(file));
  } catch (err) {
    throw new PrimeosError('E_WASM', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (raw.length > MAX_WASM_MODULE_BYTES)
    throw new PrimeosError('E_LIMIT', `module larger than ${MAX_WASM_MODULE_BYTES} bytes`);
  const WA = wasmApi();
  let mod: WasmModule;
  try {
    mod = new WA.Module(raw);
  } catch (err) {
    throw new PrimeosError('E_WASM', `not a valid WebAssembly module: ${(err as Error).message}`);
  }
  let importsAbort = false;
  for (const imp of WA.Module.imports(mod)) {
    if (imp.module === 'env' && imp.name === 'abort' && imp.kind === 'function') importsAbort = true;
    else {
      throw new PrimeosError(
        'E_WASM',
        `imports ${imp.kind} "${imp.module}.${imp.name}": a stage may import nothing but the function env.abort`,
      );
    }
  }
  const exports = new Map(WA.Module.exports(mod).map((e) => [e.name, e.kind]));
  for (const [name, kind] of [
    ['memory', 'memory'],
    ['alloc', 'function'],
    ['process', 'function'],
  ] as const) {
    if (exports.get(name) !== kind) throw new PrimeosError('E_WASM', `must export ${kind} "${name}" (docs/WASM.md)`);
  }
  // find the memory section (id 5) and read its initial size
  let at = 8;
  while (at < raw.length) {
    const id = raw[at] as number;
    const [size, body] = readLeb(raw, at + 1);
    const end = body + size;
    if (id === 5) {
      const [count, p0] = readLeb(raw, body);
      if (count !== 1) throw new PrimeosError('E_WASM', `declares ${count} memories; one is allowed`);
      const flags = raw[p0] as number;
      if (flags > 1) throw new PrimeosError('E_WASM', 'shared or 64-bit memories are not allowed');
      const [initial] = readLeb(raw, p0 + 1);
      if (initial > limits.maxMemoryPages) {
        throw new PrimeosError(
          'E_LIMIT',
          `declares ${initial} memory pages, above the limit of ${limits.maxMemoryPages}`,
          { pages: initial, maxMemoryPages: limits.maxMemoryPages },
        );
      }
      return { bytes: raw, initialPages: initial, importsAbort };
    }
    at = end;
  }
  throw new PrimeosError('E_WASM', 'defines no memory (it must define and export one)');
}
