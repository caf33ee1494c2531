import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { startServer, stopServer, type ServerProcess } from './serverProcess.js';

/** Debian's chromium (installed by .ci/run); puppeteer-core never downloads a browser. */
const CHROMIUM = '/usr/bin/chromium';
/** Screenshots and other artefacts of the browser tests (gitignored). */
const OUTPUT = path.resolve(__dirname, '../../test-output');

describe('dashboard in Chromium', () => {
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'primeos-dash-'));
    server = await startServer(['--data-dir', dataDir, '--workers', '2']);
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage'],
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('submits a job of 2,000 numbers: progress reaches 100%, the charts render, the records are listed', async () => {
    const page = await (browser as Browser).newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    await page.goto((server as ServerProcess).url + '/', { waitUntil: 'load' });
    // page-side expressions are strings: this project's TypeScript has no DOM library
    await page.waitForFunction("document.getElementById('conn').textContent === 'live'", { timeout: 10_000 });

    const numbers = Array.from({ length: 2000 }, (_, i) => String(1_000_000_007n * BigInt(i + 2) + BigInt(i)));
    await page.evaluate(`document.getElementById('numbers').value = ${JSON.stringify(numbers.join('\n') + '\n')}`);
    await page.click('#go');

    // the job's row reaches 100% and "done"
    await page.waitForFunction(
      "(() => { const r = document.querySelector('#jobs tbody tr');" +
        " return r !== null && r.dataset.progress === '100' && r.classList.contains('done'); })()",
      { timeout: 30_000 },
    );
    // every record arrived (the counter), the first ones are listed
    await page.waitForFunction("document.getElementById('watch-count').dataset.done === 'true'", { timeout: 30_000 });
    const count = await page.evaluate("document.getElementById('watch-count').textContent");
    expect(String(count).replace(/\D/g, '')).toBe('2000');
    const first = JSON.parse(String(await page.evaluate("document.querySelector('#records li').textContent"))) as {
      n: string;
      status: string;
    };
    expect(first).toMatchObject({ n: numbers[0], status: 'complete' });
    expect(await page.evaluate("document.querySelectorAll('#records li').length")).toBe(500); // the list shows 500
    // the charts have drawn samples (two uPlot canvases, at least two points, some records/s)
    await page.waitForFunction('window.primeosCharts.series.t.length >= 2', { timeout: 10_000 });
    expect(await page.evaluate("document.querySelectorAll('.chart canvas').length")).toBe(2);
    // the job can end between two samples: the sample that counts its records may come after the last record
    await page.waitForFunction('Math.max(...window.primeosCharts.series.rate) > 0', { timeout: 10_000 });
    expect(await page.evaluate('Math.max(...window.primeosCharts.series.rate)')).toBeGreaterThan(0);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT, 'dashboard.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('shows a job that ended before the page opened as done, and a late answer to its POST never rolls a row back', async () => {
    const url = (server as ServerProcess).url;
    const submit = async (body: string): Promise<{ status: number; text: string; id: string }> => {
      const res = await fetch(url + '/v1/jobs', { method: 'POST', body, headers: { 'content-type': 'text/plain' } });
      const text = await res.text();
      return { status: res.status, text, id: (JSON.parse(text) as { id: string }).id };
    };
    const doneRow = (id: string): string =>
      `(() => { const r = document.querySelector('tr[data-id="${id}"]');` +
      ` return r !== null && r.dataset.progress === '100' && r.classList.contains('done'); })()`;
    const earlier = await submit('1000000016000000063\n97\n');
    for (let i = 0; i < 100; i++) {
      const st = (await (await fetch(`${url}/v1/jobs/${earlier.id}`)).json()) as { state: string };
      if (st.state === 'done') break;
      await new Promise((r) => setTimeout(r, 50));
    }

    const page = await (browser as Browser).newPage();
    try {
      const pageErrors: string[] = [];
      page.on('pageerror', (err) => pageErrors.push(String(err)));
      await page.setRequestInterception(true);
      // the page's POST is submitted from here and answered only once the job is done, so its events reach the
      // page first (the order a loaded machine produced); the results request waits until the row is checked
      let releaseResults: (() => void) | undefined;
      let submitted: string | undefined;
      page.on('request', (req) => {
        if (req.method() === 'POST' && req.url().endsWith('/v1/jobs')) {
          void (async () => {
            const r = await submit(req.postData() ?? '');
            submitted = r.id;
            await page.waitForFunction(doneRow(r.id), { timeout: 30_000 });
            await req.respond({ status: r.status, contentType: 'application/json', body: r.text });
          })();
        } else if (submitted !== undefined && req.url().endsWith(`/v1/jobs/${submitted}/results`)) {
          releaseResults = () => void req.continue();
        } else void req.continue();
      });
      await page.goto(url + '/', { waitUntil: 'load' });
      await page.waitForFunction("document.getElementById('conn').textContent === 'live'", { timeout: 10_000 });
      await page.waitForFunction(doneRow(earlier.id), { timeout: 10_000 });

      const numbers = Array.from({ length: 200 }, (_, i) => String(1_000_003n * BigInt(i + 2)));
      await page.evaluate(`document.getElementById('numbers').value = ${JSON.stringify(numbers.join('\n') + '\n')}`);
      await page.click('#go');
      // the answer (state queued or running, no lines yet) has been handled once the page asks for the results
      for (let i = 0; i < 600 && releaseResults === undefined; i++) await new Promise((r) => setTimeout(r, 50));
      expect(releaseResults).toBeDefined();
      expect(await page.evaluate(doneRow(submitted as string))).toBe(true);
      (releaseResults as () => void)();
      await page.waitForFunction("document.getElementById('watch-count').dataset.done === 'true'", { timeout: 30_000 });
      expect(String(await page.evaluate("document.getElementById('watch-count').textContent"))).toBe('200');
      expect(await page.evaluate(doneRow(submitted as string))).toBe(true);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('with --token-file: asks for the token, then submits and follows a job over the API and the WebSocket', async () => {
    const TOKEN = 'dash board/+token=é';
    const dir = mkdtempSync(path.join(tmpdir(), 'primeos-dash-token-'));
    writeFileSync(path.join(dir, 'token'), TOKEN + '\n');
    const guarded = await startServer([
      ...['--data-dir', dir, '--workers', '1', '--token-file', path.join(dir, 'token')],
      ...['--log-level', 'debug'],
    ]);
    const page = await (browser as Browser).newPage();
    try {
      const pageErrors: string[] = [];
      page.on('pageerror', (err) => pageErrors.push(String(err)));
      await page.goto(guarded.url + '/', { waitUntil: 'load' });
      // no token yet: the API answered 401, the page asks for one and opens no WebSocket
      await page.waitForFunction("document.getElementById('conn').textContent === 'token needed'", { timeout: 10_000 });
      expect(await page.evaluate("document.getElementById('auth').hidden")).toBe(false);
      // a wrong token is refused the same way (the WebSocket upgrade gets 401, the API too)
      await page.type('#token', 'wrong');
      await page.click('#token-go');
      await page.waitForFunction(
        "document.getElementById('conn').textContent === 'token needed' && !document.getElementById('auth').hidden",
        { timeout: 10_000 },
      );
      // the right one: the WebSocket goes live (stats arrive) and a job runs to the end
      await page.type('#token', TOKEN);
      await page.click('#token-go');
      await page.waitForFunction("document.getElementById('conn').textContent === 'live'", { timeout: 10_000 });
      expect(await page.evaluate("sessionStorage.getItem('primeos.token')")).toBe(TOKEN);
      const numbers = Array.from({ length: 300 }, (_, i) => String(1_000_003n * BigInt(i + 2)));
      await page.evaluate(`document.getElementById('numbers').value = ${JSON.stringify(numbers.join('\n') + '\n')}`);
      await page.click('#go');
      await page.waitForFunction(
        "(() => { const r = document.querySelector('#jobs tbody tr'); return r !== null && r.classList.contains('done'); })()",
        { timeout: 30_000 },
      );
      await page.waitForFunction("document.getElementById('watch-count').dataset.done === 'true'", { timeout: 30_000 });
      expect(String(await page.evaluate("document.getElementById('watch-count').textContent"))).toBe('300');
      await page.waitForFunction('window.primeosCharts.series.t.length >= 2', { timeout: 10_000 });
      expect(await page.evaluate("document.getElementById('errors').children.length")).toBe(0);
      expect(pageErrors).toEqual([]);
      // the token never reaches the logs, even at debug level with failed attempts
      expect(guarded.stderr()).not.toContain(TOKEN);
      expect(guarded.stderr()).not.toContain(Buffer.from(TOKEN).toString('base64url'));
      expect(guarded.stderr()).toContain('"msg":"request"'); // debug logs were on
    } finally {
      await page.close();
      await stopServer(guarded);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
