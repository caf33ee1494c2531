/**
 * The worker thread of a WASM stage (docs/WASM.md): instantiates the checked module once, then runs
 * `process` on each posted item and posts back the output bytes or a coded error. The main thread terminates
 * and replaces this thread when an item overruns its time limit.
 * @packageDocumentation
 */
import { parentPort, workerData } from 'node:worker_threads';
import { wasmApi, type WasmMemory } from './wasmApi.js';

interface WorkerData {
  readonly bytes: Uint8Array;
  readonly maxOutputBytes: number;
  readonly maxMemoryPages: number;
}

interface Exports {
  readonly memory: WasmMemory;
  readonly alloc: (len: number) => number;
  readonly process: (ptr: number, len: number) => bigint | number;
}

class ModuleAbort extends Error {}

const data = workerData as WorkerData;
const state: { memory?: WasmMemory } = {};
const WA = wasmApi();

/** AssemblyScript strings: UTF-16, byte length at ptr − 4. */
function readAsString(ptr: number): string {
  const memory = state.memory;
  if (memory === undefined || ptr <= 4 || ptr >= memory.buffer.byteLength) return '';
  const len = new Uint32Array(memory.buffer.slice(ptr - 4, ptr))[0] ?? 0;
  if (len > 4096 || ptr + len > memory.buffer.byteLength) return '';
  return Buffer.from(memory.buffer, ptr, len).toString('utf16le');
}

const instance = new WA.Instance(new WA.Module(data.bytes), {
  env: {
    abort: (msg: number, file: number, line: number, col: number) => {
      const text = readAsString(msg);
      const where = readAsString(file);
      throw new ModuleAbort(`abort${text ? `: ${text}` : ''}${where ? ` (${where}:${line}:${col})` : ''}`);
    },
  },
});
const ex = instance.exports as unknown as Exports;
state.memory = ex.memory;

const pages = (): number => ex.memory.buffer.byteLength / 65536;

function fail(id: number, code: string, message: string): void {
  parentPort?.postMessage({ id, ok: false, code, message });
}

parentPort?.on('message', (msg: { id: number; input: Uint8Array }) => {
  const { id, input } = msg;
  try {
    const ptr = ex.alloc(input.length) >>> 0;
    if (ptr + input.length > ex.memory.buffer.byteLength) {
      return fail(id, 'E_WASM', `alloc(${input.length}) returned ${ptr}, outside the memory`);
    }
    new Uint8Array(ex.memory.buffer, ptr, input.length).set(input);
    const r = BigInt.asUintN(64, BigInt(ex.process(ptr, input.length)));
    const outPtr = Number(r >> 32n);
    const outLen = Number(r & 0xffffffffn);
    if (outLen > data.maxOutputBytes) {
      return fail(id, 'E_LIMIT', `output of ${outLen} bytes, above the limit of ${data.maxOutputBytes}`);
    }
    if (outPtr + outLen > ex.memory.buffer.byteLength) {
      return fail(id, 'E_WASM', `output [${outPtr}, +${outLen}) lies outside the memory`);
    }
    const output = new Uint8Array(ex.memory.buffer.slice(outPtr, outPtr + outLen));
    parentPort?.postMessage({ id, ok: true, output }, [output.buffer]);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // the memory maximum is the limit: a module that traps or aborts with its memory full ran out of it
    if (pages() >= data.maxMemoryPages && (err instanceof WA.RuntimeError || err instanceof ModuleAbort)) {
      return fail(id, 'E_LIMIT', `memory limit of ${data.maxMemoryPages} pages reached (${message})`);
    }
    if (err instanceof ModuleAbort) return fail(id, 'E_WASM', message);
    if (err instanceof WA.RuntimeError) return fail(id, 'E_WASM', `trap: ${message}`);
    fail(id, 'E_WASM', message);
  }
});
parentPort?.postMessage({ ready: true, pages: pages() });
