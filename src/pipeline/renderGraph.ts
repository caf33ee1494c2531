import type { PipelineGraph } from './PipelineGraph.js';

/** Output formats of {@link renderGraph}. */
export type GraphFormat = 'mermaid' | 'dot';

const label = (s: string): string => s.replace(/["\\]/g, '');

/**
 * The DAG as Mermaid (`flowchart LR`) or Graphviz DOT text: one node per line with its type, one edge per line
 * with its capacity and overflow policy.
 *
 * @param graph - a validated pipeline
 * @param format - `mermaid` (default) or `dot`
 * @returns the text, ending in a newline
 *
 * @example
 * ```ts
 * import { loadPipeline, renderGraph } from 'primeos/pipeline';
 * console.log(renderGraph(await loadPipeline('graph.json'), 'dot'));
 * ```
 */
export function renderGraph(graph: PipelineGraph, format: GraphFormat = 'mermaid'): string {
  const edgeLabel = (capacity: number, overflow: string): string =>
    `${capacity}${overflow === 'block' ? '' : ` ${overflow}`}`;
  if (format === 'dot') {
    const lines = [`digraph "${label(graph.name)}" {`, '  rankdir=LR;'];
    for (const n of graph.nodes) {
      const shape = n.role === 'source' ? 'invhouse' : n.role === 'sink' ? 'house' : 'box';
      lines.push(`  "${n.id}" [label="${n.id}\\n${n.type}", shape=${shape}];`);
    }
    for (const e of graph.edges)
      lines.push(`  "${e.from}" -> "${e.to}" [label="${edgeLabel(e.capacity, e.overflow)}"];`);
    lines.push('}');
    return lines.join('\n') + '\n';
  }
  const lines = ['flowchart LR'];
  for (const n of graph.nodes) {
    const text = `${n.id}: ${n.type}`;
    lines.push(
      n.role === 'source'
        ? `  ${n.id}[/"${text}"/]`
        : n.role === 'sink'
          ? `  ${n.id}[\\"${text}"\\]`
          : `  ${n.id}["${text}"]`,
    );
  }
  for (const e of graph.edges) lines.push(`  ${e.from} -->|${edgeLabel(e.capacity, e.overflow)}| ${e.to}`);
  return lines.join('\n') + '\n';
}
