import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NODE_DESCRIPTIONS, pipelineSchema } from '../../../src/pipeline/pipelineSchema.js';

const doc = readFileSync(path.resolve(__dirname, '../../../docs/PIPELINES.md'), 'utf8');

describe('pipelineSchema and docs/PIPELINES.md', () => {
  test('every node type and every option of the schema is documented in its row', () => {
    const defs = pipelineSchema.$defs as unknown as Record<string, { properties: Record<string, unknown> }>;
    for (const type of Object.keys(NODE_DESCRIPTIONS)) {
      const rows = doc.split('\n').filter((l) => new RegExp(`^\\|\\s*\`${type}\`\\s*\\|`).test(l));
      expect(rows.length).toBeGreaterThan(0);
      for (const option of Object.keys(defs[type]?.properties ?? {})) {
        expect(rows.some((r) => r.includes(`\`${option}\``))).toBe(true);
      }
    }
  });

  test('every top-level, node and edge field is documented', () => {
    const node = (pipelineSchema.properties.nodes.items as { properties: Record<string, unknown> }).properties;
    const edge = (pipelineSchema.properties.edges.items as { properties: Record<string, unknown> }).properties;
    const top = Object.keys(pipelineSchema.properties).filter((k) => k !== '$schema');
    for (const f of [...top, ...Object.keys(node), ...Object.keys(edge)])
      expect(doc).toMatch(new RegExp(`\\|\\s*\`${f}\``));
  });
});
