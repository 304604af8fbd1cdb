// lakehouse.json's schema as the editor gets it (package.json jsonValidation → dist/lakehouse.schema.json): for
// completion and hovers only. The extension's own diagnostics (src/extension/manifestDiagnostics.ts) report every
// problem of the full schema (src/core/project/lakehouse.schema.json, through Ajv) and the checks a schema cannot
// say; VS Code's JSON validation of the same keywords showed each problem a second time, worded by the JSON language
// service ("String does not match the pattern of …"). So the validation keywords go; an enum's values stay offered
// as completions (`examples`). `type` stays: completion inserts a value of that type.

/** The keywords of a value's constraints, which the extension's diagnostics report. */
export const VALIDATION_KEYWORDS = [
  'pattern',
  'patternErrorMessage',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minProperties',
  'maxProperties',
  'minItems',
  'maxItems',
  'required',
  'propertyNames',
  'const',
  'if',
  'then',
  'else',
  'enum',
  'enumDescriptions',
];

/** The editor's copy of `schema` (not changed): no validation keywords; `additionalProperties: false` dropped too. */
export function editorSchema(schema) {
  if (Array.isArray(schema)) return schema.map(editorSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (VALIDATION_KEYWORDS.includes(k)) continue;
    if (k === 'additionalProperties' && v === false) continue;
    // the names of properties and definitions are data, not keywords
    out[k] = k === 'properties' || k === 'definitions' ? Object.fromEntries(Object.entries(v).map(([n, s]) => [n, editorSchema(s)])) : editorSchema(v);
  }
  if (Array.isArray(schema.enum)) out.examples = [...new Set([...schema.enum, ...(schema.examples ?? [])])];
  return out;
}
