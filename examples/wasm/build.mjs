// Compiles the example WASM stage (digits.ts, AssemblyScript) with the npm `asc` compiler into digits.wasm.
// Usage: node examples/wasm/build.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const out = path.join(here, 'digits.wasm');
execFileSync(
  path.join(root, 'node_modules', '.bin', 'asc'),
  [path.join(here, 'digits.ts'), '-O3', '--runtime', 'stub', '--noAssert', '-o', out],
  { stdio: 'inherit' },
);
process.stdout.write(`digits.wasm: ${readFileSync(out).length} bytes\n`);
