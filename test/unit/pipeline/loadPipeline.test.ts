import { loadPipeline } from '../../../src/pipeline/loadPipeline.js';
import type { PipelineConfig } from '../../../src/pipeline/PipelineConfig.js';

const linear = (over: Partial<PipelineConfig> = {}): PipelineConfig => ({
  nodes: [
    { id: 'in', type: 'lines', options: { path: 'numbers.txt' } },
    { id: 'f', type: 'factorize', options: { workers: 0 } },
    { id: 'out', type: 'ndjson' },
  ],
  edges: [
    { from: 'in', to: 'f' },
    { from: 'f', to: 'out' },
  ],
  ...over,
});

async function refusal(cfg: unknown): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  try {
    await loadPipeline(cfg as PipelineConfig, { baseDir: '/tmp' });
  } catch (err) {
    return err as { code: string; message: string; details: Record<string, unknown> };
  }
  throw new Error('config was accepted');
}

describe('loadPipeline', () => {
  test('fills the schema defaults, resolves paths and orders nodes topologically', async () => {
    const cfg = linear();
    const g = await loadPipeline({ ...cfg, nodes: [...cfg.nodes].reverse() }, { baseDir: '/data' });
    expect(g.nodes.map((n) => n.id)).toEqual(['in', 'f', 'out']);
    expect(g.nodes[0]?.options).toEqual({ path: '/data/numbers.txt', maxLineBytes: 1 << 20 });
    expect(g.nodes[1]?.options).toMatchObject({ budgetMs: 60000, seed: 1, hex: false, workers: 0 });
    expect(g.nodes.map((n) => [n.role, n.output])).toEqual([
      ['source', 'text'],
      ['stage', 'json'],
      ['sink', undefined],
    ]);
    expect(g.edges).toEqual([
      { from: 'in', to: 'f', capacity: 1024, overflow: 'block' },
      { from: 'f', to: 'out', capacity: 1024, overflow: 'block' },
    ]);
    expect(g.nodes[2]?.options).toEqual({ path: '-', maxLineBytes: 1 << 20 });
    expect(g.nodes[1]?.onError).toEqual({ kind: 'propagate' });
    expect(g.nodes[1]?.restart).toEqual({ kind: 'never' });
  });

  test('a node without options gets every default of its type', async () => {
    const g = await loadPipeline(
      {
        nodes: [
          { id: 'in', type: 'lines', options: { path: 'x' } },
          { id: 'f', type: 'factorize' },
          { id: 'out', type: 'ndjson' },
        ],
        edges: [
          { from: 'in', to: 'f' },
          { from: 'f', to: 'out' },
        ],
      },
      { baseDir: '/' },
    );
    expect(g.nodes[1]?.options).toEqual({
      input: 'auto',
      budgetMs: 60000,
      seed: 1,
      maxBits: 4096,
      hex: false,
      timings: false,
    });
  });

  test('error policies and restart strategies in their string and object forms', async () => {
    const cfg = linear();
    const withNode = (extra: object) =>
      loadPipeline({ ...cfg, nodes: cfg.nodes.map((n) => (n.id === 'f' ? { ...n, ...extra } : n)) }, { baseDir: '/' });
    const f = async (extra: object) => (await withNode(extra)).nodes[1];
    expect((await f({ onError: 'default({"n":"0"})' }))?.onError).toEqual({ kind: 'substitute', value: { n: '0' } });
    expect((await f({ onError: { default: 7 } }))?.onError).toEqual({ kind: 'substitute', value: 7 });
    expect((await f({ restart: 'exponential(10, 200)', maxRestarts: 5 }))?.restart).toEqual({
      kind: 'exponential',
      baseMs: 10,
      maxMs: 200,
      maxRestarts: 5,
    });
    expect((await f({ restart: { circuitBreaker: { threshold: 3, cooldownMs: 50 } } }))?.restart).toEqual({
      kind: 'circuitBreaker',
      threshold: 3,
      cooldownMs: 50,
    });
    expect((await f({ restart: 'circuitBreaker(4, 100)' }))?.restart).toEqual({
      kind: 'circuitBreaker',
      threshold: 4,
      cooldownMs: 100,
    });
    expect((await f({ restart: 'immediate' }))?.restart).toEqual({ kind: 'immediate', maxRestarts: 3 });
  });

  test.each([
    [
      'an unknown option',
      (c: PipelineConfig) => ({
        ...c,
        nodes: c.nodes.map((n) => (n.id === 'f' ? { ...n, options: { budget: 5 } } : n)),
      }),
      /node "f": options\.budget: is not a known field/,
    ],
    [
      'an option out of range',
      (c: PipelineConfig) => ({
        ...c,
        nodes: c.nodes.map((n) => (n.id === 'f' ? { ...n, options: { budgetMs: 0 } } : n)),
      }),
      /node "f": options\.budgetMs: must be >= 1/,
    ],
    [
      'an unknown node type',
      (c: PipelineConfig) => ({ ...c, nodes: c.nodes.map((n) => (n.id === 'f' ? { ...n, type: 'factorise' } : n)) }),
      /node "f": type: must be one of/,
    ],
    [
      'a bad error policy',
      (c: PipelineConfig) => ({ ...c, nodes: c.nodes.map((n) => (n.id === 'f' ? { ...n, onError: 'ignore' } : n)) }),
      /node "f": onError: must be "propagate", "skip"/,
    ],
    [
      'a bad restart strategy',
      (c: PipelineConfig) => ({ ...c, nodes: c.nodes.map((n) => (n.id === 'f' ? { ...n, restart: 'sometimes' } : n)) }),
      /node "f": restart: must be "never"/,
    ],
    [
      'a dangling edge',
      (c: PipelineConfig) => ({ ...c, edges: [...(c.edges ?? []), { from: 'f', to: 'nowhere' }] }),
      /edge f → nowhere: node "nowhere" does not exist/,
    ],
    [
      'a stage with no output',
      (c: PipelineConfig) => ({ ...c, edges: [{ from: 'in', to: 'f' }] }),
      /node "f": edges: has no output edge/,
    ],
    [
      'a duplicate id',
      (c: PipelineConfig) => ({ ...c, nodes: [...c.nodes, { id: 'f', type: 'batch' }] }),
      /node "f": id: is used by two nodes/,
    ],
    [
      'an edge into a source',
      (c: PipelineConfig) => ({ ...c, edges: [...(c.edges ?? []), { from: 'f', to: 'in' }] }),
      /cycle|source/,
    ],
    [
      'a bad expression',
      () => ({
        nodes: [
          { id: 'p', type: 'primes', options: { count: 3 } },
          { id: 'keep', type: 'filter', options: { where: 'item >' } },
          { id: 'o', type: 'text' },
        ],
        edges: [
          { from: 'p', to: 'keep' },
          { from: 'keep', to: 'o' },
        ],
      }),
      /node "keep": options\.where: unexpected end/,
    ],
    [
      'eval-like names',
      () => ({
        nodes: [
          { id: 'p', type: 'primes', options: { count: 3 } },
          { id: 'm', type: 'map', options: { select: 'constructor(1)' } },
          { id: 'o', type: 'text' },
        ],
        edges: [
          { from: 'p', to: 'm' },
          { from: 'm', to: 'o' },
        ],
      }),
      /node "m": options\.select: unknown function 'constructor'/,
    ],
    [
      'primes without an end',
      () => ({
        nodes: [
          { id: 'p', type: 'primes' },
          { id: 'o', type: 'text' },
        ],
        edges: [{ from: 'p', to: 'o' }],
      }),
      /node "p": options: give "to" or "count"/,
    ],
    [
      'a type mismatch',
      () => ({
        nodes: [
          { id: 'p', type: 'primes', options: { count: 3 } },
          { id: 'enc', type: 'encode' },
          { id: 'v', type: 'verify' },
          { id: 'run', type: 'run' },
          { id: 'o', type: 'text' },
        ],
        edges: [
          { from: 'p', to: 'enc' },
          { from: 'enc', to: 'v' },
          { from: 'v', to: 'run' },
          { from: 'run', to: 'o' },
        ],
      }),
      /node "enc": type: a encode node takes text or bytes, but "p" \(primes\) emits bigint/,
    ],
  ])('refuses %s, naming the node and field (E_CONFIG)', async (_what, edit, message) => {
    const err = await refusal(edit(linear()));
    expect(err.code).toBe('E_CONFIG');
    expect(err.message).toMatch(message);
  });

  test('refuses a cycle, naming its nodes', async () => {
    const err = await refusal({
      nodes: [
        { id: 'p', type: 'primes', options: { count: 3 } },
        { id: 'a', type: 'filter', options: { where: 'true' } },
        { id: 'b', type: 'filter', options: { where: 'true' } },
        { id: 'o', type: 'text' },
      ],
      edges: [
        { from: 'p', to: 'a' },
        { from: 'a', to: 'b' },
        { from: 'b', to: 'a' },
        { from: 'b', to: 'o' },
      ],
    });
    expect(err.message).toMatch(/node "a": edges: is on a cycle \(a, b, o\)/);
  });

  test('refuses a file that is not JSON, with the reason', async () => {
    await expect(loadPipeline('/nonexistent/graph.json')).rejects.toMatchObject({
      code: 'E_CONFIG',
      message: expect.stringMatching(/cannot read .*ENOENT/),
    });
  });
});
