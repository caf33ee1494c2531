import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/**
 * The artefact test: pack the package as npm would publish it, install the tarball into a fresh
 * project and load it through its `exports` map, from ESM and from CommonJS.
 */
describe('packed artefact', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'primeos-pack-'));
    // dist/ is built by `npm test` (pretest); skip prepack scripts here
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: root, stdio: 'pipe' });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack produced no tarball');
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }),
    );
    execFileSync(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(dir, tarball)],
      { cwd: dir, stdio: 'pipe' },
    );
  }, 180_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const probe = (file: string, source: string): string => {
    writeFileSync(path.join(dir, file), source);
    return execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8' }).trim();
  };

  const body = `
    class M extends BaseModel { onProcess(x) { return x * 2; } }
    const m = new M({ name: 'm' });
    const run = async () => {
      await m.initialize();
      const r = await m.process(21);
      console.log(JSON.stringify({ data: r.data, lifecycle: m.lifecycle, code: new PrimeosError('E_RANGE', 'x').code }));
    };
    run();`;

  it('imports primeos/model from ESM', () => {
    const out = probe('esm.mjs', `import { BaseModel, PrimeosError } from 'primeos/model';\n${body}`);
    expect(JSON.parse(out)).toEqual({ data: 42, lifecycle: 'ready', code: 'E_RANGE' });
  });

  it('requires primeos/model from CommonJS', () => {
    const out = probe('cjs.cjs', `const { BaseModel, PrimeosError } = require('primeos/model');\n${body}`);
    expect(JSON.parse(out)).toEqual({ data: 42, lifecycle: 'ready', code: 'E_RANGE' });
  });

  it('ships type declarations and the CLI bin', () => {
    const files = readdirSync(path.join(dir, 'node_modules/primeos/dist/model'));
    expect(files).toContain('index.d.ts');
    const out = execFileSync(path.join(dir, 'node_modules/.bin/primeos'), ['--version'], { encoding: 'utf8' });
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
