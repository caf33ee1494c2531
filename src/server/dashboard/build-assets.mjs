// Copies the dashboard's static files and uPlot (from node_modules, no CDN) into dist/server/dashboard/static,
// so the page is served from the installed package. Run by `npm run build` after tsc.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const out = path.join(root, 'dist/server/dashboard/static');
mkdirSync(out, { recursive: true });
for (const f of readdirSync(path.join(here, 'static'))) copyFileSync(path.join(here, 'static', f), path.join(out, f));
const uplotDir = path.dirname(createRequire(import.meta.url).resolve('uplot/package.json'));
for (const f of ['uPlot.iife.min.js', 'uPlot.min.css']) copyFileSync(path.join(uplotDir, 'dist', f), path.join(out, f));
console.log(`dashboard assets: ${readdirSync(out).length} files in ${path.relative(root, out)}`);
