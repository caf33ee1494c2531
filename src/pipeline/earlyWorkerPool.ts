import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { WorkerPool } from '../stream/WorkerPool.js';
import { defaultStreamWorkerFile } from '../stream/workers/defaultStreamWorkerFile.js';
import { warrantsEagerThreads } from '../stream/workers/eagerThreads.js';
import { SOURCE_TYPES } from './internal/nodeTypes.js';
import { MAX_CONFIG_BYTES } from './loadPipeline.js';

/**
 * Whether one of these input files is large enough to start worker threads at once (as `primeos factor` does).
 *
 * @param paths - source input paths (`-` is stdin, never large here)
 * @returns true when one is a regular file above `EAGER_THREADS_BYTES`
 */
export function readsLargeFile(paths: readonly unknown[]): boolean {
  return paths.some((p) => typeof p === 'string' && p !== '-' && warrantsEagerThreads(p));
}

/**
 * A worker pool for the `factorize` nodes of a pipeline config that leave `workers` to its default, started
 * before the graph is loaded and its modules imported, so the threads start meanwhile (pass it to
 * `runPipeline` as `pool`, and destroy it after). It reads the config's raw JSON only: a file that is not a
 * JSON config, or has no such node, gives undefined, and `loadPipeline` reports its problems as usual.
 *
 * @param file - the config file
 * @returns the pool (threads started at once when a source reads a file above 4 KiB, see `warrantsEagerThreads`), or undefined
 */
export async function earlyWorkerPool(file: string): Promise<WorkerPool | undefined> {
  let doc: { nodes?: unknown; edges?: unknown };
  try {
    if (statSync(file).size > MAX_CONFIG_BYTES) return undefined;
    doc = JSON.parse(readFileSync(file, 'utf8')) as { nodes?: unknown; edges?: unknown };
  } catch {
    return undefined;
  }
  const { nodes, edges } = doc;
  if (!Array.isArray(nodes)) return undefined;
  const configs = nodes.filter((n): n is { id?: unknown; type?: unknown; options?: Record<string, unknown> } => {
    return typeof n === 'object' && n !== null;
  });
  // a source is a source type with no edge into it (`ndjson` names a source and a sink)
  const fed = new Set(Array.isArray(edges) ? edges.map((e) => (e as { to?: unknown } | null)?.to) : []);
  if (!configs.some((n) => n.type === 'factorize' && n.options?.workers === undefined)) return undefined;
  const threads = availableParallelism();
  const dir = path.dirname(path.resolve(file));
  const inputs = configs
    .filter((n) => typeof n.type === 'string' && n.type in SOURCE_TYPES && !fed.has(n.id))
    .map((n) => n.options?.path)
    .map((p) => (typeof p === 'string' && p !== '-' ? path.resolve(dir, p) : p));
  return new WorkerPool({ filename: await defaultStreamWorkerFile(), threads, eager: readsLargeFile(inputs) });
}
