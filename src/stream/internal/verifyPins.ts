import { statSync } from 'node:fs';
import { PrimeosError } from '../../model/PrimeosError.js';
import { hashFilePrefix, type FilePrefixHash } from './FilePrefixHash.js';

/** What a checkpoint recorded of its input: size and modification time at the start, hash of `[0, offset)`. */
export interface InputPin {
  readonly size: number;
  readonly mtimeMs: number;
  readonly sha256: string;
}

const refuse = (message: string): PrimeosError => new PrimeosError('E_CHECKPOINT', message);

/**
 * Check a checkpointed input before a resume: it has the recorded size and modification time and the same bytes
 * before the committed offset (anything else would make the resumed output shifted or mixed).
 *
 * @param file - the input path
 * @param pin - what the checkpoint recorded
 * @param offset - the committed input offset the hash covers
 * @param owner - who restarts, for the messages (e.g. "the job")
 * @returns the running hash of `[0, offset)`, to extend as the resumed run commits more
 * @throws PrimeosError `E_CHECKPOINT` naming what differs
 */
export function verifyInputPin(file: string, pin: InputPin, offset: number, owner: string): FilePrefixHash {
  let st: { size: number; mtimeMs: number };
  try {
    st = statSync(file);
  } catch {
    throw refuse(`input ${file} is missing; restart ${owner}`);
  }
  if (st.size !== pin.size || st.mtimeMs !== pin.mtimeMs) {
    throw refuse(
      `input ${file} changed since ${owner} started (size ${pin.size} → ${st.size}, ` +
        `modified ${new Date(pin.mtimeMs).toISOString()} → ${new Date(st.mtimeMs).toISOString()}); restart ${owner}`,
    );
  }
  const hash = hashFilePrefix(file, offset);
  if (hash === undefined || hash.digest() !== pin.sha256) {
    throw refuse(`input ${file} differs from the checkpoint in its first ${offset} bytes; restart ${owner}`);
  }
  return hash;
}

/**
 * Check a checkpointed output before a resume: it exists, holds at least the committed bytes, and those bytes
 * hash as recorded (an altered, truncated or replaced output is refused rather than appended to).
 *
 * @param file - the output path
 * @param bytes - the committed length
 * @param sha256 - the recorded hash of `[0, bytes)`
 * @param owner - who restarts, for the messages (e.g. "the job")
 * @returns the running hash of the committed bytes, to extend with what the resumed run appends
 * @throws PrimeosError `E_CHECKPOINT` naming what differs
 */
export function verifyOutputPin(file: string, bytes: number, sha256: string, owner: string): FilePrefixHash {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw refuse(`output ${file} is missing; restart ${owner}`);
  }
  if (size < bytes) {
    throw refuse(`output ${file} has ${size} bytes, fewer than the ${bytes} committed; restart ${owner}`);
  }
  const hash = hashFilePrefix(file, bytes);
  if (hash === undefined || hash.digest() !== sha256) {
    throw refuse(`output ${file} differs from the checkpoint in its first ${bytes} bytes; restart ${owner}`);
  }
  return hash;
}
