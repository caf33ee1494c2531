import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runPrimeos } from './cliProcess.js';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  repository?: { url?: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  files: string[];
};

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );

describe('issue 17 item 14: package hygiene', () => {
  it('no install-time rebuild (prepack only), build messages on stderr, and the README main job runs the built CLI', async () => {
    expect(pkg.scripts.prepare).toBeUndefined();
    expect(pkg.scripts.postinstall).toBeUndefined();
    expect(pkg.scripts.prepack).toBe('npm run build');
    expect(pkg.scripts.pretest).toBe('npm run build');
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme).toContain('npm ci && npm run build');
    expect(readme).toContain('node dist/cli/main.js factor examples/numbers.txt');
    expect(readme).not.toMatch(/npx primeos/);
    const r = await runPrimeos(['factor', 'examples/numbers.txt'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').length).toBeGreaterThan(10);
    const wasm = execFileSync(process.execPath, ['src/primes/wasm/build-kernel.mjs'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(wasm).toBe(''); // its messages go to stderr
  });

  it('LICENSE, CHANGELOG and repository; no source maps; bigint-crypto-utils only where used', () => {
    expect(readFileSync(path.join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    expect(readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8')).toMatch(/^# Changelog/);
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\//);
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'LICENSE', 'CHANGELOG.md']));
    expect(walk(path.join(root, 'dist')).filter((f) => f.endsWith('.map'))).toEqual([]);
    const usesBcu = walk(path.join(root, 'src')).some(
      (f) => f.endsWith('.ts') && readFileSync(f, 'utf8').includes("from 'bigint-crypto-utils'"),
    );
    expect(pkg.dependencies['bigint-crypto-utils'] !== undefined).toBe(usesBcu);
    if (!usesBcu) expect(pkg.devDependencies['bigint-crypto-utils']).toBeDefined(); // the tests' oracle
  });
});
