/**
 * The validator of lakehouse.json, compiled from lakehouse.schema.json by Ajv. Run from source (tests, tsx) it is
 * compiled at first use; in the bundles scripts/build.mjs replaces this module by the same validator compiled at
 * build time (Ajv's standalone code, from {@link manifestValidatorSource}), so a command does not load Ajv's
 * compiler (~250 kB) nor spend tens of milliseconds compiling the schema at every start.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import schema from './lakehouse.schema.json';

// validateSchema: false — the schema is ours and shipped: checking it against JSON Schema's meta-schema would compile
// the meta-schema too (test/project/manifest.test.ts checks it)
const OPTIONS = { allErrors: true, strict: false, validateSchema: false } as const;

let compiled: ValidateFunction | undefined;

export function manifestValidator(): ValidateFunction {
  compiled ??= new Ajv(OPTIONS).compile(schema);
  return compiled;
}

/** The validator as a CommonJS module's source exporting `manifestValidator()` (for scripts/build.mjs). */
export function manifestValidatorSource(): string {
  const ajv = new Ajv({ ...OPTIONS, code: { source: true } });
  const code = standaloneCode(ajv, ajv.compile(schema));
  return `${code}\nconst compiled = module.exports;\nmodule.exports = { manifestValidator: () => compiled };\n`;
}
