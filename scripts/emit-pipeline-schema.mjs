// Writes the pipeline config JSON Schema (src/pipeline/pipelineSchema.ts, compiled) next to the compiled module,
// so the package ships dist/pipeline/pipeline.schema.json.
import { writeFileSync } from 'node:fs';
import { URL } from 'node:url';
import { pipelineSchema } from '../dist/pipeline/pipelineSchema.js';

writeFileSync(
  new URL('../dist/pipeline/pipeline.schema.json', import.meta.url),
  JSON.stringify(pipelineSchema, null, 2) + '\n',
);
