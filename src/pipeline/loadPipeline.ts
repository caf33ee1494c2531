import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { hasErrorCode, PrimeosError } from '../model/PrimeosError.js';
import { PIPELINE_AJV_OPTIONS } from './internal/pipelineAjvOptions.js';
import { SINK_TYPES, SOURCE_TYPES, STAGE_TYPES } from './internal/nodeTypes.js';
import type { NodeConfig, PipelineConfig } from './PipelineConfig.js';
import type {
  NodeRole,
  PipelineEdge,
  PipelineGraph,
  PipelineNode,
  ResolvedErrorPolicy,
  ResolvedRestart,
  ValueType,
} from './PipelineGraph.js';
import { DEFAULT_CAPACITY, NODE_ROLES, pipelineSchema } from './pipelineSchema.js';

/** Largest config file accepted. */
export const MAX_CONFIG_BYTES = 1 << 20;

/** Options of {@link loadPipeline}. */
export interface LoadPipelineOptions {
  /** Directory relative paths resolve from (default: the config file's directory, else the working directory). */
  readonly baseDir?: string;
}

/** A compiled schema check: true when valid, else its `errors` say why (it fills in defaults as it goes). */
type Validator = ((doc: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** Where the build puts the schema compiled ahead of time (scripts/emit-pipeline-schema.mjs). */
const PRECOMPILED = './internal/pipelineValidator.js';

let validator: Promise<Validator> | undefined;

/** The schema check: the build's precompiled one, else (sources run directly) the schema compiled by ajv now. */
async function loadValidator(): Promise<Validator> {
  const precompiled = new URL(PRECOMPILED, import.meta.url);
  if (existsSync(precompiled)) return ((await import(precompiled.href)) as { default: Validator }).default;
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  return new Ajv2020(PIPELINE_AJV_OPTIONS).compile(pipelineSchema);
}

async function validate(doc: unknown): Promise<ErrorObject[]> {
  const check = await (validator ??= loadValidator());
  return check(doc) ? [] : [...(check.errors ?? [])];
}

function configError(node: string | undefined, field: string | undefined, message: string): PrimeosError {
  const where = [node === undefined ? undefined : `node "${node}"`, field].filter((x) => x !== undefined).join(': ');
  return new PrimeosError('E_CONFIG', where === '' ? message : `${where}: ${message}`, {
    ...(node === undefined ? {} : { node }),
    ...(field === undefined ? {} : { field }),
  });
}

const FIELD_HINTS: Readonly<Record<string, string>> = {
  onError: 'must be "propagate", "skip", "default(<JSON>)" or {"default": value}',
  restart:
    'must be "never", "immediate", "exponential(baseMs, maxMs)", "circuitBreaker(threshold, cooldownMs)" or an object form',
};

/** One message for the most telling schema error, naming the node (by id) and the field. */
function schemaError(doc: unknown, errors: ErrorObject[]): PrimeosError {
  const pick = errors.find((e) => e.keyword === 'oneOf') ?? errors.find((e) => e.keyword !== 'if') ?? errors[0];
  const e = pick as ErrorObject;
  const parts = e.instancePath.split('/').slice(1);
  let node: string | undefined;
  let rest = parts;
  if (parts[0] === 'nodes' && parts[1] !== undefined) {
    const cfg = (doc as { nodes?: unknown[] }).nodes?.[Number(parts[1])] as { id?: unknown } | undefined;
    node = typeof cfg?.id === 'string' ? cfg.id : `#${parts[1]}`;
    rest = parts.slice(2);
  } else if (parts[0] === 'edges' && parts[1] !== undefined) {
    const edge = (doc as { edges?: unknown[] }).edges?.[Number(parts[1])] as
      { from?: unknown; to?: unknown } | undefined;
    rest = [`edge ${String(edge?.from)} → ${String(edge?.to)}`, ...parts.slice(2)];
  }
  const params = e.params as Record<string, unknown>;
  if (typeof params.additionalProperty === 'string') rest = [...rest, params.additionalProperty];
  if (typeof params.missingProperty === 'string') rest = [...rest, params.missingProperty];
  const field = rest.length > 0 ? rest.join('.') : undefined;
  let message = e.message ?? 'is invalid';
  if (typeof params.additionalProperty === 'string') message = 'is not a known field';
  else if (typeof params.missingProperty === 'string') message = 'is required';
  else if (e.keyword === 'oneOf') message = FIELD_HINTS[rest[rest.length - 1] ?? ''] ?? message;
  else if (e.keyword === 'enum')
    message = `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return configError(node, field ?? (node === undefined ? 'config' : undefined), message);
}

function resolvePolicy(node: NodeConfig): ResolvedErrorPolicy {
  const p = node.onError ?? 'propagate';
  if (p === 'propagate' || p === 'skip') return { kind: p };
  if (typeof p === 'object') return { kind: 'substitute', value: p.default };
  const inner = p.slice('default('.length, -1);
  try {
    return { kind: 'substitute', value: JSON.parse(inner) as unknown };
  } catch {
    throw configError(node.id, 'onError', `default(…) must hold a JSON value, got ${inner}`);
  }
}

function resolveRestart(node: NodeConfig): ResolvedRestart {
  const r = node.restart ?? 'never';
  const maxRestarts = node.maxRestarts ?? 3;
  if (r === 'never') return { kind: 'never' };
  if (r === 'immediate') return { kind: 'immediate', maxRestarts };
  if (typeof r === 'object') {
    if ('exponential' in r) return { kind: 'exponential', ...r.exponential, maxRestarts };
    return { kind: 'circuitBreaker', ...r.circuitBreaker };
  }
  const [a, b] = (r.slice(r.indexOf('(') + 1, -1).split(',') as [string, string]).map((x) => Number(x.trim())) as [
    number,
    number,
  ];
  if (r.startsWith('exponential')) {
    if (a > b) throw configError(node.id, 'restart', `exponential base ${a} ms exceeds its maximum ${b} ms`);
    return { kind: 'exponential', baseMs: a, maxMs: b, maxRestarts };
  }
  if (a < 1) throw configError(node.id, 'restart', 'circuitBreaker threshold must be at least 1');
  return { kind: 'circuitBreaker', threshold: a, cooldownMs: b };
}

/** Topological order (Kahn); throws naming the nodes of a cycle. */
function topoOrder(ids: readonly string[], edges: readonly PipelineEdge[]): string[] {
  const indeg = new Map(ids.map((id) => [id, 0]));
  for (const e of edges) indeg.set(e.to, (indeg.get(e.to) ?? 0) + 1);
  const ready = ids.filter((id) => indeg.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift() as string;
    order.push(id);
    for (const e of edges) {
      if (e.from !== id) continue;
      const d = (indeg.get(e.to) as number) - 1;
      indeg.set(e.to, d);
      if (d === 0) ready.push(e.to);
    }
  }
  if (order.length < ids.length) {
    const stuck = ids.filter((id) => !order.includes(id));
    throw configError(stuck[0], 'edges', `is on a cycle (${stuck.join(', ')}); a pipeline must be a DAG`);
  }
  return order;
}

/**
 * Validate a config document and resolve it into a {@link PipelineGraph}: the JSON Schema (with its defaults),
 * then unique ids, edges between existing nodes, no cycles, sources without inputs and sinks without outputs,
 * the value types of connected nodes, expressions that parse, WASM modules that load within their limits.
 * Nothing runs.
 *
 * @param doc - the parsed config (it is not modified)
 * @param baseDir - directory relative paths resolve from
 * @returns the graph
 * @throws PrimeosError `E_CONFIG` (or `E_WASM` / `E_LIMIT` for a module) naming the node and field at fault
 */
export async function resolvePipeline(doc: unknown, baseDir: string): Promise<PipelineGraph> {
  const cfg = structuredClone(doc) as PipelineConfig;
  // options present before validation, so the option schema's defaults (applied through if/then) fill them
  if (Array.isArray(cfg?.nodes)) {
    for (const n of cfg.nodes as { options?: unknown }[])
      if (n !== null && typeof n === 'object' && n.options === undefined) n.options = {};
  }
  const errors = await validate(cfg);
  if (errors.length > 0) throw schemaError(cfg, errors);
  const ids = new Set<string>();
  for (const n of cfg.nodes) {
    if (ids.has(n.id)) throw configError(n.id, 'id', 'is used by two nodes');
    ids.add(n.id);
  }
  const capacity = cfg.capacity ?? DEFAULT_CAPACITY;
  const edges: PipelineEdge[] = [];
  const seen = new Set<string>();
  for (const e of cfg.edges ?? []) {
    for (const end of [e.from, e.to]) {
      if (!ids.has(end)) throw configError(undefined, `edge ${e.from} → ${e.to}`, `node "${end}" does not exist`);
    }
    if (e.from === e.to) throw configError(e.from, 'edges', 'has an edge to itself');
    if (seen.has(`${e.from}\0${e.to}`)) throw configError(e.from, 'edges', `has two edges to "${e.to}"`);
    seen.add(`${e.from}\0${e.to}`);
    edges.push({ from: e.from, to: e.to, capacity: e.capacity ?? capacity, overflow: e.overflow ?? 'block' });
  }
  const order = topoOrder(
    cfg.nodes.map((n) => n.id),
    edges,
  );
  const byId = new Map(cfg.nodes.map((n) => [n.id, n]));
  for (const n of cfg.nodes) {
    const hasIn = edges.some((e) => e.to === n.id);
    const hasOut = edges.some((e) => e.from === n.id);
    if (!hasIn && !hasOut) throw configError(n.id, 'edges', 'is not connected to any node');
    if (NODE_ROLES[n.type] === 'stage' && !hasOut) throw configError(n.id, 'edges', 'has no output edge (dangling)');
    if (NODE_ROLES[n.type] === 'stage' && !hasIn) throw configError(n.id, 'edges', 'has no input edge');
  }
  const resolved = new Map<string, PipelineNode>();
  for (const id of order) {
    const n = byId.get(id) as NodeConfig;
    const inputs = edges.filter((e) => e.to === id).map((e) => e.from);
    const outputs = edges.filter((e) => e.from === id).map((e) => e.to);
    const declared = NODE_ROLES[n.type];
    let role: NodeRole;
    if (declared === 'source or sink') {
      if (inputs.length > 0 && outputs.length > 0) {
        throw configError(id, 'edges', `an ${n.type} node is a source (no inputs) or a sink (no outputs), not both`);
      }
      role = inputs.length === 0 ? 'source' : 'sink';
    } else role = declared as NodeRole;
    if (role === 'source' && inputs.length > 0)
      throw configError(id, 'edges', `is a source (${n.type}): it takes no inputs`);
    if (role === 'sink' && outputs.length > 0)
      throw configError(id, 'edges', `is a sink (${n.type}): it has no outputs`);
    if (role !== 'source' && inputs.length === 0) throw configError(id, 'edges', 'has no input edge');
    if (role !== 'sink' && outputs.length === 0) throw configError(id, 'edges', 'has no output edge (dangling)');
    const options: Record<string, unknown> = { ...(n.options ?? {}) };
    for (const key of ['path', 'module']) {
      const p = options[key];
      if (typeof p === 'string' && p !== '-') options[key] = path.resolve(baseDir, p);
    }
    if (role === 'source' && n.type !== 'primes' && options.path === undefined) options.path = '-';
    // the input types, checked against what this node accepts
    const inTypes = inputs.map((from) => (resolved.get(from) as PipelineNode).output as ValueType);
    const accepts = role === 'sink' ? SINK_TYPES[n.type] : role === 'stage' ? STAGE_TYPES[n.type]?.accepts : [];
    inputs.forEach((from, i) => {
      const t = inTypes[i] as ValueType;
      if (!(accepts ?? []).includes(t)) {
        throw configError(
          id,
          'type',
          `a ${n.type} node takes ${(accepts ?? []).join(' or ')}, but "${from}" (${byId.get(from)?.type}) emits ${t}`,
        );
      }
    });
    let output: ValueType | undefined;
    if (role === 'source') output = SOURCE_TYPES[n.type];
    else if (role === 'stage') {
      const emits = STAGE_TYPES[n.type]?.emits;
      if (emits === 'same') {
        if (new Set(inTypes).size > 1) throw configError(id, 'edges', `merges different types (${inTypes.join(', ')})`);
        output = inTypes[0];
      } else if (emits !== undefined && emits.startsWith('option:'))
        output = (options[emits.slice(7)] ?? 'text') as ValueType;
      else output = emits as ValueType;
    }
    // option semantics the schema cannot say
    if (n.type === 'primes' && options.to === undefined && options.count === undefined) {
      throw configError(id, 'options', 'give "to" or "count"');
    }
    for (const key of ['where', 'select'] as const) {
      if (typeof options[key] !== 'string') continue;
      const { compileExpression } = await import('./internal/expression.js');
      try {
        compileExpression(options[key]);
      } catch (err) {
        throw configError(id, `options.${key}`, hasErrorCode(err) ? err.message : String(err));
      }
    }
    if (n.type === 'wasm') {
      try {
        const { inspectWasmModule } = await import('./internal/wasm/inspectWasmModule.js');
        await inspectWasmModule(options.module as string, { maxMemoryPages: options.maxMemoryPages as number });
      } catch (err) {
        if (!hasErrorCode(err)) throw err;
        throw new PrimeosError(err.code, `node "${id}": options.module: ${err.message}`, {
          node: id,
          field: 'options.module',
        });
      }
    }
    resolved.set(id, {
      id,
      type: n.type,
      role,
      options,
      onError: resolvePolicy(n),
      restart: resolveRestart(n),
      output,
      inputs,
      outputs,
    });
  }
  return { name: cfg.name ?? 'pipeline', nodes: order.map((id) => resolved.get(id) as PipelineNode), edges, baseDir };
}

/**
 * Load a pipeline config: a JSON file (relative paths in it resolve from its directory) or a config object, then
 * validate and resolve it (see {@link PipelineGraph}). Nothing runs.
 *
 * @param source - path of a JSON config file, or a config object
 * @param options - base directory for relative paths
 * @returns the validated graph
 * @throws PrimeosError `E_CONFIG` naming the node and field at fault (unreadable file, bad JSON, schema
 *   violation, dangling edge, cycle, type mismatch); `E_WASM` / `E_LIMIT` for a module refused at load
 *
 * @example
 * ```ts
 * import { loadPipeline, runPipeline } from 'primeos/pipeline';
 * const graph = await loadPipeline('examples/pipelines/factor-lines.json');
 * const summary = await runPipeline(graph);
 * ```
 */
export async function loadPipeline(
  source: string | PipelineConfig,
  options: LoadPipelineOptions = {},
): Promise<PipelineGraph> {
  if (typeof source !== 'string') return resolvePipeline(source, options.baseDir ?? process.cwd());
  let text: string;
  try {
    const buf = await readFile(source);
    if (buf.length > MAX_CONFIG_BYTES) throw configError(undefined, 'config', `larger than ${MAX_CONFIG_BYTES} bytes`);
    text = buf.toString('utf8');
  } catch (err) {
    if (hasErrorCode(err, 'E_CONFIG')) throw err;
    throw configError(
      undefined,
      undefined,
      `cannot read ${source}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw configError(undefined, undefined, `${source} is not JSON: ${(err as Error).message}`);
  }
  return resolvePipeline(doc, options.baseDir ?? path.dirname(path.resolve(source)));
}
