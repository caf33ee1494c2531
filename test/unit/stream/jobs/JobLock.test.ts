import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JobLock } from '../../../../src/stream/jobs/JobLock.js';
import { tempDir } from '../../../fixtures/tempDir.js';

const dir = tempDir('lock');

describe('JobLock', () => {
  it('holds <checkpoint>.lock with the pid and releases it', () => {
    const ck = path.join(dir, 'a.ckpt');
    const lock = JobLock.acquire(ck);
    expect(readFileSync(`${ck}.lock`, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    lock.release();
    expect(existsSync(`${ck}.lock`)).toBe(false);
  });

  it('refuses a lock held by a live process, with its pid', () => {
    const ck = path.join(dir, 'b.ckpt');
    writeFileSync(`${ck}.lock`, `${process.ppid}\n`); // the parent process is alive
    expect(() => JobLock.acquire(ck)).toThrow(expect.objectContaining({ code: 'E_CHECKPOINT' }));
    expect(() => JobLock.acquire(ck)).toThrow(new RegExp(`pid ${process.ppid}`));
  });

  it('takes over a stale lock (its process is gone) and an unreadable one', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const ck = path.join(dir, 'c.ckpt');
    writeFileSync(`${ck}.lock`, `${dead.stdout}\n`);
    const lock = JobLock.acquire(ck);
    expect(readFileSync(`${ck}.lock`, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    writeFileSync(`${ck}.lock`, 'garbage');
    JobLock.acquire(ck).release();
  });

  it('creates the lock with its pid in one step (a hard link of a written temp file), leaving no temp file', () => {
    const sub = mkdtempSync(path.join(dir, 'd-'));
    const ck = path.join(sub, 'd.ckpt');
    const lock = JobLock.acquire(ck);
    expect(readdirSync(sub)).toEqual(['d.ckpt.lock']);
    expect(readFileSync(`${ck}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
    expect(readdirSync(sub)).toEqual([]);
  });
});
