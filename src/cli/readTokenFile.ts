import { readFileSync } from 'node:fs';

/**
 * Read a bearer token from a file (`--token-file`), trimmed of surrounding white space.
 *
 * @param file - the token file's path
 * @returns the token, or `undefined` when the file cannot be read (the caller words the usage error)
 */
export function readTokenFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}
