import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PrimeosServer, ServerPlugin } from '../PrimeosServer.js';
import type { RouteContext } from '../Router.js';

/** The files of the page (built into `dist/server/dashboard/static` by `build-assets.mjs`) and their types. */
const ASSETS: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'dashboard.js': 'text/javascript; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
  'uPlot.iife.min.js': 'text/javascript; charset=utf-8',
  'uPlot.min.css': 'text/css; charset=utf-8',
};

/**
 * The dashboard page at `GET /` and its assets at `GET /dashboard/<file>`, served from the package (uPlot
 * included: no CDN). The page is public (it holds no data); the API calls it makes follow the server's token:
 * on a `401` it asks for the token, keeps it in the tab's `sessionStorage` and sends it as `Authorization: Bearer`
 * (fetches) and as the `primeos.bearer.<base64url>` subprotocol (its WebSocket; see `authorize`).
 * Live data comes over `/v1/stream` (the {@link streamPlugin}'s `jobs` and `stats` topics).
 *
 * @param staticDir - folder of the built assets (default: `dist/server/dashboard/static` of the package)
 * @returns the plugin
 */
export function dashboardPlugin(staticDir?: string): ServerPlugin {
  return async (server: PrimeosServer): Promise<void> => {
    const dir = staticDir ?? (await import('./staticDir.js')).dashboardStaticDir();
    const cache = new Map<string, Buffer>();
    const serve = async (ctx: RouteContext, file: string): Promise<void> => {
      const type = ASSETS[file];
      if (type === undefined) {
        ctx.res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      let body = cache.get(file);
      if (body === undefined) {
        body = await readFile(path.join(dir, file));
        cache.set(file, body);
      }
      ctx.res
        .writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-cache' })
        .end(body);
    };
    server.router.add('GET', '/', (ctx) => serve(ctx, 'index.html'), { auth: false, name: 'dashboard' });
    server.router.add('GET', '/dashboard/:file', (ctx) => serve(ctx, ctx.params.file ?? ''), {
      auth: false,
      name: 'dashboard.assets',
    });
  };
}
