/**
 * The ajv options the pipeline schema is compiled with, both at build time (the standalone validator the package
 * ships) and at run time when that file is absent (sources run directly): one list, so both validate alike.
 */
export const PIPELINE_AJV_OPTIONS = { useDefaults: true, allErrors: false, strict: false } as const;
