/** The WebAssembly memory object as used by the WASM stage. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

/** A compiled module (opaque). */
export type WasmModule = object;

/** The part of the WebAssembly JS API the WASM stage uses (the global is not in the ES lib typings). */
export interface WasmApi {
  readonly Module: {
    new (bytes: Uint8Array): WasmModule;
    imports(m: WasmModule): { readonly module: string; readonly name: string; readonly kind: string }[];
    exports(m: WasmModule): { readonly name: string; readonly kind: string }[];
  };
  readonly Instance: new (module: WasmModule, imports: object) => { readonly exports: unknown };
  readonly RuntimeError: new (...args: never[]) => Error;
}

/**
 * The WebAssembly JS API of this runtime.
 *
 * @returns the global `WebAssembly`
 */
export function wasmApi(): WasmApi {
  return (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
}
