import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  checkpointProblem,
  loadCheckpoint,
  saveCheckpoint,
  writeFileDurably,
  type JobCheckpoint,
} from '../../../../src/stream/jobs/JobCheckpoint.js';
import { TEST_JOB_SETTINGS } from '../../../fixtures/jobs/jobSettings.js';
import { tempDir } from '../../../fixtures/tempDir.js';

const valid: JobCheckpoint = {
  version: 2,
  inputPath: '/data/in.txt',
  outputPath: '/data/out.nd',
  inputOffset: 120,
  lines: 10,
  records: 9,
  failed: 1,
  partial: 1,
  outputBytes: 900,
  settings: TEST_JOB_SETTINGS,
  done: false,
  input: { size: 500, mtimeMs: 1700000000000.25, sha256: 'a'.repeat(64) },
  output: { sha256: 'b'.repeat(64) },
};

const dir = tempDir('ckpt');

describe('checkpointProblem', () => {
  it('accepts a valid checkpoint, and one without fingerprints (other writers; a factor resume refuses it)', () => {
    expect(checkpointProblem(valid)).toBeUndefined();
    expect(checkpointProblem({ ...valid, input: undefined, output: undefined })).toBeUndefined();
  });

  it.each([
    ['not an object', []],
    ['an older version', { ...valid, version: 1 }],
    ['a relative input path', { ...valid, inputPath: 'in.txt' }],
    ['a negative offset', { ...valid, inputOffset: -1 }],
    ['outputBytes -1', { ...valid, outputBytes: -1 }],
    ['a fractional line count', { ...valid, lines: 2.5 }],
    ['a string count', { ...valid, records: '9' }],
    ['more records than lines', { ...valid, records: 11 }],
    ['more failed + partial than records', { ...valid, failed: 5, partial: 5 }],
    ['done as a string', { ...valid, done: 'yes' }],
    ['an unknown format', { ...valid, settings: { ...valid.settings, format: 'xml' } }],
    ['budgetMs -1', { ...valid, settings: { ...valid.settings, budgetMs: -1 } }],
    ['maxLineBytes 0', { ...valid, settings: { ...valid.settings, maxLineBytes: 0 } }],
    ['hex as a number', { ...valid, settings: { ...valid.settings, hex: 1 } }],
    ['no settings', { ...valid, settings: null }],
    ['a short hash', { ...valid, input: { ...valid.input, sha256: 'abc' } }],
    ['an offset past the recorded size', { ...valid, inputOffset: 501 }],
    ['no output fingerprint', { ...valid, output: undefined }],
    ['an infinite mtime', { ...valid, input: { ...valid.input, mtimeMs: null } }],
  ])('refuses %s', (_name, cp) => {
    expect(checkpointProblem(cp)).toEqual(expect.any(String));
  });
});

describe('saveCheckpoint / loadCheckpoint', () => {
  it('round-trips and leaves no temp file', () => {
    const file = path.join(dir, 'job.ckpt');
    saveCheckpoint(file, valid);
    expect(loadCheckpoint(file)).toEqual(valid);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('refuses a broken file with E_CHECKPOINT', () => {
    const file = path.join(dir, 'bad.ckpt');
    writeFileSync(file, '{"version": 2');
    expect(() => loadCheckpoint(file)).toThrow(expect.objectContaining({ code: 'E_CHECKPOINT' }));
    writeFileSync(file, JSON.stringify({ ...valid, outputBytes: -1 }));
    expect(() => loadCheckpoint(file)).toThrow(/outputBytes/);
    expect(() => loadCheckpoint(path.join(dir, 'missing'))).toThrow(expect.objectContaining({ code: 'E_CHECKPOINT' }));
  });

  it('writeFileDurably replaces the whole file or nothing (a failed write leaves the old content)', () => {
    const file = path.join(dir, 'durable.txt');
    writeFileDurably(file, 'one\n');
    writeFileDurably(file, 'two\n');
    expect(readFileSync(file, 'utf8')).toBe('two\n');
    expect(() => writeFileDurably(path.join(dir, 'no/such/dir/x'), 'x')).toThrow(/ENOENT/);
    expect(existsSync(path.join(dir, 'no'))).toBe(false);
  });
});
