import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CLI } from './cliProcess.js';
import { tempDir } from '../fixtures/tempDir.js';

const root = path.resolve(__dirname, '../..');
const dir = tempDir('tty');

/** Run a shell command on a pseudo-terminal (util-linux `script`) and return what the terminal showed. */
const onTerminal = (command: string, term = 'xterm'): string => {
  const r = spawnSync('script', ['-qec', command, '/dev/null'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, TERM: term },
  });
  expect(r.status).toBe(0);
  return r.stdout;
};
const BAR = '\u001b[K';

describe('issue 17 item 12: the progress bar never mixes into records', () => {
  const job = `node "${CLI}" factor "${path.join(root, 'examples/numbers.txt')}" --workers 0`;

  it('records on the terminal: no bar; records in a file: the bar on the terminal', () => {
    const both = onTerminal(job);
    expect(both).not.toContain(BAR);
    expect(both).toMatch(/"status":"complete"/);
    const out = path.join(dir, 'out.nd');
    const bar = onTerminal(`${job} > "${out}"`);
    expect(bar).toContain(BAR);
    expect(readFileSync(out, 'utf8')).not.toContain('\u001b');
  });

  it('--quiet, --no-progress and TERM=dumb send no bar', () => {
    const out = path.join(dir, 'q.nd');
    expect(onTerminal(`${job} --quiet > "${out}"`)).not.toContain(BAR);
    expect(onTerminal(`${job} --no-progress > "${out}"`)).not.toContain(BAR);
    const dumb = onTerminal(`${job} > "${out}"`, 'dumb');
    expect(dumb).not.toContain(BAR);
    expect(dumb).not.toMatch(/\r(?!\n)/); // the terminal turns \n into \r\n; a bar redraws with a bare \r
  });
});
