import { PassThrough } from 'node:stream';
import { Command, Help } from 'commander';
import { commands } from '../../../src/cli/commands.js';
import { commandWordOf, runCli, type CliIO } from '../../../src/cli/program.js';

function io(): CliIO & { out: () => string } {
  const stdout = new PassThrough();
  let text = '';
  stdout.setEncoding('utf8').on('data', (d: string) => (text += d));
  return { stdout, stderr: new PassThrough(), stdin: new PassThrough(), out: () => text };
}

describe('lazy command table', () => {
  it.each(commands.map((c) => [c.name, c] as const))(
    '%s: the help term and summary match the loaded command',
    async (name, entry) => {
      const root = new Command('primeos');
      (await entry.load())(root, io(), () => undefined);
      const cmd = root.commands.find((c) => c.name() === name);
      expect(cmd).toBeDefined();
      expect(cmd?.description()).toBe(entry.summary);
      expect(new Help().subcommandTerm(cmd as Command)).toBe(entry.term);
    },
  );

  it('finds the command word of an argv', () => {
    expect(commandWordOf(['factor', '--workers', '0'])).toBe('factor');
    expect(commandWordOf(['--help'])).toBeUndefined();
    expect(commandWordOf(['help', 'encode'])).toBe('encode');
    expect(commandWordOf([])).toBeUndefined();
  });

  it('loads only the command that runs', async () => {
    const loads: string[] = [];
    const table = commands.map((c) => ({
      ...c,
      load: () => {
        loads.push(c.name);
        return c.load();
      },
    }));
    const h = io();
    expect(await runCli(['--help'], '0.0.0', h, table)).toBe(0);
    expect(loads).toEqual([]);
    for (const c of commands) expect(h.out()).toContain(`  ${c.term} `);
    expect(await runCli(['primes', '--count', '3'], '0.0.0', io(), table)).toBe(0);
    expect(loads).toEqual(['primes']);
  });
});
