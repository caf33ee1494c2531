import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

/** Bytes read per step while hashing a file range. */
const READ_BYTES = 1 << 20;

/**
 * A running SHA-256 of a file's first `length` bytes, extended as the file's committed prefix grows (job
 * checkpoints pin their input and output this way: a resume recomputes the hash and refuses a mismatch).
 */
export class FilePrefixHash {
  private readonly hash: Hash = createHash('sha256');
  private hashed = 0;
  private readonly buf = Buffer.allocUnsafe(READ_BYTES);

  /** Bytes hashed so far. */
  get length(): number {
    return this.hashed;
  }

  /**
   * Hash the file's bytes `[length, end)` (read from `fd`).
   *
   * @param fd - an open descriptor of the file
   * @param end - new prefix length
   * @returns false when the file ended before `end` (the hash then covers what was there)
   */
  extendFromFile(fd: number, end: number): boolean {
    while (this.hashed < end) {
      const want = Math.min(READ_BYTES, end - this.hashed);
      const got = readSync(fd, this.buf, 0, want, this.hashed);
      if (got === 0) return false;
      this.hash.update(this.buf.subarray(0, got));
      this.hashed += got;
    }
    return true;
  }

  /**
   * Hash bytes that were just appended at the end of the prefix (e.g. output the job has written).
   *
   * @param data - the appended bytes
   */
  append(data: string | Uint8Array): void {
    this.hash.update(data);
    this.hashed += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  }

  /** @returns the hex SHA-256 of the prefix so far (the running hash continues). */
  digest(): string {
    return this.hash.copy().digest('hex');
  }
}

/**
 * The hex SHA-256 of a file's first `length` bytes.
 *
 * @param file - path
 * @param length - prefix length
 * @returns the hash and the running hasher (to continue from), or `undefined` when the file is shorter
 */
export function hashFilePrefix(file: string, length: number): FilePrefixHash | undefined {
  const fd = openSync(file, 'r');
  try {
    const h = new FilePrefixHash();
    return h.extendFromFile(fd, length) ? h : undefined;
  } finally {
    closeSync(fd);
  }
}
