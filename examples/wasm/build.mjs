// Compiles the example WASM stage (digits.as, AssemblyScript; `.as` keeps it out of the TypeScript project)
// with the npm `asc` compiler into digits.wasm. Usage: node examples/wasm/build.mjs
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const out = path.join(here, 'digits.wasm');
const work = mkdtempSync(path.join(tmpdir(), 'primeos-asc-'));
try {
  copyFileSync(path.join(here, 'digits.as'), path.join(work, 'digits.ts'));
  execFileSync(
    path.join(root, 'node_modules', '.bin', 'asc'),
    [path.join(work, 'digits.ts'), '-O3', '--runtime', 'stub', '--noAssert', '-o', out],
    { stdio: 'inherit' },
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write(`digits.wasm: ${readFileSync(out).length} bytes\n`);
