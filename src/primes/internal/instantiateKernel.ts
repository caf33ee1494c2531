/** The part of the WebAssembly JS API the kernels use (the global is not in the ES lib typings). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

/**
 * Compiles and instantiates one of the AssemblyScript kernels from its base64 bytes (synchronously: they
 * are small). The kernels import only `env.abort`, which throws.
 *
 * @param base64 - the module's bytes, base64 (a generated `*Bytes.ts` constant)
 * @param name - the kernel's name, for the abort message
 * @returns the instance's exports, or null when WebAssembly is unavailable or the module does not compile
 *   here (then callers take their portable path)
 */
export function instantiateKernel(base64: string, name: string): unknown {
  const WA = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (WA === undefined) return null;
  try {
    const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
    const instance = new WA.Instance(new WA.Module(bytes), {
      env: {
        abort: (): void => {
          throw new Error(`${name} abort`);
        },
      },
    });
    return instance.exports;
  } catch {
    return null;
  }
}
