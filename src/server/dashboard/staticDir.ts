import { fileURLToPath } from 'node:url';

/**
 * Folder of the built dashboard assets next to this module (`dist/server/dashboard/static`). ESM-only (it reads
 * `import.meta`); loaded lazily so CommonJS test runners can load the plugin.
 *
 * @returns the absolute path
 */
export function dashboardStaticDir(): string {
  return fileURLToPath(new URL('./static/', import.meta.url));
}
