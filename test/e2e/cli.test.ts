import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runPrimeos } from './cliProcess.js';

const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version: string };

describe('primeos CLI frame', () => {
  it('prints help listing usage on stdout and exits 0', async () => {
    const r = await runPrimeos(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: primeos/m);
    expect(r.stderr).toBe('');
  });

  it('prints the package version', async () => {
    const r = await runPrimeos(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('exits 2 with one stderr line on an unknown command', async () => {
    const r = await runPrimeos(['nosuchcommand']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/nosuchcommand|argument/);
  });

  it('exits 2 with one stderr line on an unknown option', async () => {
    const r = await runPrimeos(['--definitely-not-an-option']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/unknown option/);
  });

  it('lists every command in --help', async () => {
    const r = await runPrimeos(['--help']);
    for (const c of ['factor', 'encode', 'decode', 'verify', 'run', 'primes', 'bench']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    }
  });

  it('bench prints a table with a row per case', async () => {
    const r = await runPrimeos(['bench', '--seconds', '2']);
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => /\d+\.\d{3}/.test(l));
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(r.stdout).toMatch(/^case\s+median ms/m);
  });
});
