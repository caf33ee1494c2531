/**
 * The JSON Schema of a pipeline config: the single source of truth for field names, types, limits, defaults and
 * descriptions. `loadPipeline` validates with it (and fills its defaults), the build writes it to
 * `dist/pipeline/pipeline.schema.json`, and `docs/PIPELINES.md` documents it field by field.
 */

/**
 * Items an edge holds when neither it nor the graph says (a `lines` source sends up to this many lines as one
 * block, so a smaller capacity means smaller blocks and more messages).
 */
export const DEFAULT_CAPACITY = 1024;

const text = (description: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'string',
  description,
  ...extra,
});
const int = (description: string, minimum: number, maximum: number, def?: number): Record<string, unknown> => ({
  type: 'integer',
  description,
  minimum,
  maximum,
  ...(def === undefined ? {} : { default: def }),
});
const bool = (description: string, def: boolean): Record<string, unknown> => ({
  type: 'boolean',
  description,
  default: def,
});

const inputPath = text('input file, relative to the config file; "-" reads stdin', { minLength: 1 });
const outputPath = text('output file, relative to the config file; "-" writes stdout', {
  minLength: 1,
  default: '-',
});
const maxLineBytes = int(
  'longest accepted line in bytes; longer lines are item errors (E_RANGE)',
  16,
  1 << 30,
  1 << 20,
);
const maxBits = int('largest accepted integer size in bits (E_RANGE above)', 1, 1 << 20, 4096);

/** Where a node type may sit in the graph. */
export type NodeRoleName = 'source' | 'stage' | 'sink' | 'source or sink';

/** Options of each node type, by type name (a closed object each). */
const nodeOptions: Record<string, { role: NodeRoleName; description: string; options: object }> = {
  lines: {
    role: 'source',
    description: 'text lines of a file (or stdin) with their byte offsets',
    options: { properties: { path: inputPath, maxLineBytes }, required: ['path'] },
  },
  ndjson: {
    role: 'source or sink',
    description:
      'as a source (no inputs): one JSON value per line of a file or stdin, a line that is not JSON is an item ' +
      'error (E_PARSE); as a sink (no outputs): each item as one JSON line, bigints as decimal strings',
    options: { properties: { path: outputPath, maxLineBytes } },
  },
  chunks: {
    role: 'source',
    description: 'one chunk (decimal or 0x-hex integer) per line; blank and # lines skipped',
    options: {
      properties: { path: inputPath, maxBits: int('largest chunk in bits', 1, 1 << 20, 1 << 16) },
      required: ['path'],
    },
  },
  primes: {
    role: 'source',
    description: 'primes from the segmented sieve, from `from` up to `to` (inclusive) or `count` primes',
    options: {
      properties: {
        from: int('smallest candidate', 0, 2 ** 52, 0),
        to: int('largest candidate (inclusive)', 0, 2 ** 52),
        count: int('number of primes', 0, Number.MAX_SAFE_INTEGER),
      },
    },
  },
  parse: {
    role: 'stage',
    description: 'a line (integer or {"n": …}) or a JSON {"n": …} to a bigint; blank and # lines dropped',
    options: {
      properties: {
        input: { enum: ['auto', 'lines', 'ndjson'], default: 'auto', description: 'how text lines are read' },
        maxBits,
      },
    },
  },
  factorize: {
    role: 'stage',
    description: 'the factor job: each number (line, {"n": …} or bigint) to its NDJSON factor record',
    options: {
      properties: {
        input: { enum: ['auto', 'lines', 'ndjson'], default: 'auto', description: 'how text lines are read' },
        budgetMs: int('time budget per number', 1, 86_400_000, 60_000),
        seed: int('seed of the engines (same seed, same output)', 0, 2 ** 31, 1),
        maxBits,
        hex: bool('write big integers as 0x-hex strings', false),
        timings: bool('include elapsedMs in records (output then not reproducible)', false),
        workers: int('worker threads (0: in the pipeline thread; default: available parallelism)', 0, 256),
        batch: int(
          'numbers per worker task (default: sized from measured task time, toward 10 ms per task)',
          1,
          65_536,
        ),
      },
    },
  },
  decode: {
    role: 'stage',
    description:
      'a block-framed chunk stream back to its bytes, block by block as `primeos decode`; each issue an item error',
    options: { properties: { maxChunks: int('refuse streams with more chunks', 1, 1 << 30, 1 << 24) } },
  },
  verify: {
    role: 'stage',
    description: 'each chunk to an integrity verdict record {line, valid, chunk | code, reason}',
    options: { properties: {} },
  },
  encode: {
    role: 'stage',
    description: 'text lines (each followed by "\\n") or bytes to block-framed chunks',
    options: { properties: { blockSize: int('bytes per block', 1, 256, 256) } },
  },
  run: {
    role: 'stage',
    description: 'program chunks to the ChunkVM output lines (the program runs once the stream is complete)',
    options: {
      properties: {
        maxSteps: int('instruction limit (E_VM_STEPS)', 1, 1e12, 1_000_000),
        maxStack: int('stack depth limit (E_VM_STACK)', 1, 1 << 20, 1024),
        maxOutputBytes: int('output limit (E_VM_OUTPUT)', 0, 1 << 30, 1 << 20),
        maxProgramLength: int('longest program in operations', 1, 1 << 24, 1 << 20),
        input: { type: 'array', items: { type: 'string' }, default: [], description: 'values consumed by READ' },
      },
    },
  },
  filter: {
    role: 'stage',
    description: 'keep items for which the predicate expression is true (see the expression language)',
    options: { properties: { where: text('predicate expression', { minLength: 1 }) }, required: ['where'] },
  },
  map: {
    role: 'stage',
    description: 'replace each item by the value of the projection expression',
    options: { properties: { select: text('projection expression', { minLength: 1 }) }, required: ['select'] },
  },
  batch: {
    role: 'stage',
    description: 'group consecutive items into arrays of `size` (the last one may be shorter)',
    options: { properties: { size: int('items per batch', 1, 1 << 20, 16) } },
  },
  wasm: {
    role: 'stage',
    description: 'a sandboxed WebAssembly module run per item in a worker thread (ABI in docs/WASM.md)',
    options: {
      properties: {
        module: text('path of the .wasm file, relative to the config file', { minLength: 1 }),
        output: { enum: ['text', 'json', 'bigint'], default: 'text', description: 'how output bytes are read' },
        maxMemoryPages: int('64 KiB pages the module may have (E_LIMIT beyond)', 1, 65_536, 16),
        timeoutMs: int('wall time per item (E_TIMEOUT beyond; the worker is replaced)', 1, 3_600_000, 1000),
        maxOutputBytes: int('largest output of one item (E_LIMIT beyond)', 0, 1 << 30, 1 << 20),
      },
      required: ['module'],
    },
  },
  file: {
    role: 'sink',
    description: 'write items to a file: bytes as they are, text and bigints as lines, JSON as NDJSON',
    options: {
      properties: { path: text('output file, relative to the config file', { minLength: 1 }) },
      required: ['path'],
    },
  },
  stdout: {
    role: 'sink',
    description: 'write items to stdout like `file`',
    options: { properties: {} },
  },
  text: {
    role: 'sink',
    description: 'write each item as one text line (JSON values as JSON text)',
    options: { properties: { path: outputPath } },
  },
};

const errorPolicy = {
  description:
    'what a failed item does: "propagate" stops the pipeline, "skip" drops the item, "default(<JSON>)" or ' +
    '{"default": value} emits the value instead',
  default: 'propagate',
  oneOf: [
    { enum: ['propagate', 'skip'] },
    { type: 'string', pattern: '^default\\(.*\\)$' },
    { type: 'object', properties: { default: {} }, required: ['default'], additionalProperties: false },
  ],
};

const restart = {
  description:
    'how a failing item is retried before the error policy applies: "never", "immediate", ' +
    '"exponential(baseMs, maxMs)" or "circuitBreaker(threshold, cooldownMs)" (or the object forms)',
  default: 'never',
  oneOf: [
    { enum: ['never', 'immediate'] },
    { type: 'string', pattern: '^exponential\\(\\s*\\d+\\s*,\\s*\\d+\\s*\\)$' },
    { type: 'string', pattern: '^circuitBreaker\\(\\s*\\d+\\s*,\\s*\\d+\\s*\\)$' },
    {
      type: 'object',
      properties: {
        exponential: {
          type: 'object',
          properties: { baseMs: int('first delay', 0, 3_600_000), maxMs: int('longest delay', 0, 3_600_000) },
          required: ['baseMs', 'maxMs'],
          additionalProperties: false,
        },
      },
      required: ['exponential'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: {
        circuitBreaker: {
          type: 'object',
          properties: {
            threshold: int('consecutive failures that open the circuit', 1, 1 << 20),
            cooldownMs: int('time the circuit stays open', 0, 86_400_000),
          },
          required: ['threshold', 'cooldownMs'],
          additionalProperties: false,
        },
      },
      required: ['circuitBreaker'],
      additionalProperties: false,
    },
  ],
};

/** Where each node type may sit (sources have no inputs, sinks no outputs), by type name. */
export const NODE_ROLES: Readonly<Record<string, NodeRoleName>> = Object.fromEntries(
  Object.entries(nodeOptions).map(([k, v]) => [k, v.role]),
);

const optionDefs = Object.fromEntries(
  Object.entries(nodeOptions).map(([k, v]) => [
    k,
    { type: 'object', description: v.description, additionalProperties: false, ...v.options },
  ]),
);

const nodeSchema = {
  type: 'object',
  description: 'one node of the graph',
  properties: {
    id: text('unique node name', { pattern: '^[A-Za-z_][A-Za-z0-9_-]*$', maxLength: 64 }),
    type: { enum: Object.keys(nodeOptions), description: 'node type (see docs/PIPELINES.md)' },
    options: { type: 'object', default: {}, description: 'options of the node type ($defs by type name)' },
    onError: errorPolicy,
    restart,
    maxRestarts: int('retries of one item under immediate/exponential restarts', 0, 1000, 3),
  },
  required: ['id', 'type'],
  additionalProperties: false,
  allOf: Object.keys(nodeOptions).map((k) => ({
    if: { properties: { type: { const: k } }, required: ['type'] },
    then: { properties: { options: { $ref: `#/$defs/${k}` } } },
  })),
};

const edgeSchema = {
  type: 'object',
  description: 'a bounded channel from one node to another',
  properties: {
    from: text('producing node id'),
    to: text('consuming node id'),
    capacity: int('items the channel holds (default: the graph capacity)', 1, 1 << 20),
    overflow: {
      enum: ['block', 'drop-oldest', 'sample'],
      default: 'block',
      description:
        'when the channel is full: "block" slows the producer (and so every sibling branch), "drop-oldest" ' +
        'discards the oldest waiting item, "sample" replaces the newest waiting item',
    },
  },
  required: ['from', 'to'],
  additionalProperties: false,
};

/** The JSON Schema (draft 2020-12) of a pipeline config document. */
export const pipelineSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://primeos.dev/schemas/pipeline.schema.json',
  title: 'primeos pipeline',
  description: 'a DAG of stream stages joined by bounded channels',
  type: 'object',
  properties: {
    $schema: { type: 'string' },
    name: text('pipeline name (metrics, logs)'),
    description: text('free text'),
    capacity: int('default channel capacity of every edge', 1, 1 << 20, DEFAULT_CAPACITY),
    nodes: { type: 'array', minItems: 1, maxItems: 1024, items: nodeSchema },
    edges: { type: 'array', maxItems: 4096, items: edgeSchema, default: [] },
  },
  required: ['nodes'],
  additionalProperties: false,
  $defs: optionDefs,
} as const;

/** Description of each node type, by type name (docs and `pipeline graph`). */
export const NODE_DESCRIPTIONS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(nodeOptions).map(([k, v]) => [k, v.description]),
);
