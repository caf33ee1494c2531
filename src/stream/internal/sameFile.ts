import { statSync } from 'node:fs';
import path from 'node:path';

/**
 * True when two paths name the same file: equal once resolved, or the same device and inode (hard links,
 * symbolic links, `./x` vs `x`). A path that does not exist yet is compared by its resolved name only.
 *
 * @param a - a path
 * @param b - another path
 * @returns whether writing one would change the other
 */
export function sameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}
