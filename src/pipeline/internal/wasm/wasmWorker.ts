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

parentPort?.on('message', (msg: { id: number; input: Uint8Array }) => {
  const { id, input } = msg;
  let reply: { ok: true; output: Uint8Array } | { ok: false; code: string; message: string };
  try {
    reply = run(input);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof ModuleAbort) reply = { ok: false, code: 'E_WASM', message };
    else if (err instanceof WA.RuntimeError) reply = { ok: false, code: 'E_WASM', message: `trap: ${message}` };
    else reply = { ok: false, code: 'E_WASM', message };
  }
  // memory grown past the limit fails the item whatever the call did; the main thread replaces this instance
  const now = pages();
  if (now > data.maxMemoryPages) {
    reply = {
      ok: false,
      code: 'E_LIMIT',
      message: `memory grew to ${now} pages, above the limit of ${data.maxMemoryPages}`,
    };
    parentPort?.postMessage({ id, ...reply, restart: true });
    return;
  }
  if (reply.ok) parentPort?.postMessage({ id, ...reply }, [reply.output.buffer as ArrayBuffer]);
  else parentPort?.postMessage({ id, ...reply });
});

function run(input: Uint8Array): { ok: true; output: Uint8Array } | { ok: false; code: string; message: string } {
  const ptr = ex.alloc(input.length) >>> 0;
  if (ptr + input.length > ex.memory.buffer.byteLength) {
    return { ok: false, code: 'E_WASM', message: `alloc(${input.length}) returned ${ptr}, outside the memory` };
  }
  new Uint8Array(ex.memory.buffer, ptr, input.length).set(input);
  const r = BigInt.asUintN(64, BigInt(ex.process(ptr, input.length)));
  const outPtr = Number(r >> 32n);
  const outLen = Number(r & 0xffffffffn);
  if (outLen > data.maxOutputBytes) {
    return {
      ok: false,
      code: 'E_LIMIT',
      message: `output of ${outLen} bytes, above the limit of ${data.maxOutputBytes}`,
    };
  }
  if (outPtr + outLen > ex.memory.buffer.byteLength) {
    return { ok: false, code: 'E_WASM', message: `output [${outPtr}, +${outLen}) lies outside the memory` };
  }
  return { ok: true, output: new Uint8Array(ex.memory.buffer.slice(outPtr, outPtr + outLen)) };
}
parentPort?.postMessage({ ready: true, pages: pages() });
