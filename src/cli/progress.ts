import type { FactorJobProgress } from '../stream/jobs/runFactorJob.js';

/** Minimum interval between progress renders. */
export const PROGRESS_EVERY_MS = 250;

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * One progress-bar line for a TTY: bar, bytes %, records, records/s and ETA.
 *
 * @param p - job progress
 * @param width - bar width in characters
 * @returns the line (no newline)
 */
export function progressBar(p: FactorJobProgress, width = 24): string {
  const rate = p.elapsedMs > 0 ? (p.records * 1000) / p.elapsedMs : 0;
  if (p.inputBytes === undefined || p.inputBytes === 0) {
    return `${p.records.toLocaleString('en')} records  ${rate.toFixed(1)} rec/s`;
  }
  const frac = Math.min(1, p.inputOffset / p.inputBytes);
  const filled = Math.round(frac * width);
  const eta = frac > 0 ? ((p.elapsedMs / 1000) * (1 - frac)) / frac : Infinity;
  return (
    `[${'='.repeat(filled)}${' '.repeat(width - filled)}] ${(frac * 100).toFixed(1).padStart(5)}%  ` +
    `${p.records.toLocaleString('en')} records  ${rate.toFixed(1)} rec/s  ETA ${clock(eta)}`
  );
}

/**
 * A progress event as one NDJSON line (for non-TTY stderr with `--progress`).
 *
 * @param event - 'progress' or 'summary'
 * @param p - job progress
 * @returns the JSON text (no newline)
 */
export function progressEvent(event: 'progress' | 'summary', p: FactorJobProgress & { aborted?: boolean }): string {
  return JSON.stringify({
    event,
    lines: p.lines,
    records: p.records,
    failed: p.failed,
    partial: p.partial,
    inputOffset: p.inputOffset,
    inputBytes: p.inputBytes ?? null,
    outputBytes: p.outputBytes,
    elapsedMs: Math.round(p.elapsedMs),
    ...(p.aborted === undefined ? {} : { aborted: p.aborted }),
  });
}
