/**
 * The lengths Glue's CreateTable / UpdateTable take in a table's definition — one definition for the local catalog
 * (targets/local/catalog.ts refuses what Glue refuses) and the Glue fake the tests talk to (test/aws/fake).
 *
 * AWS Glue API reference, API_Column.html: Name "Minimum length of 1. Maximum length of 255", Comment "Minimum length
 * of 0. Maximum length of 255", Type "Minimum length of 0. Maximum length of 131072", each matching the single-line
 * pattern `[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*`. TableInput.Description: "not more than 2048
 * bytes long, matching the URI address multi-line string pattern" (awsdocs/aws-glue-developer-guide c4620ef,
 * doc_source/aws-glue-api-catalog-tables.md, TableInput Structure). Lengths count characters (code points), as the
 * Smithy `length` constraint of the API model does.
 */
import type { CatalogColumn } from './model';

export const GLUE_COLUMN_MAX = { Name: 255, Comment: 255, Type: 131072 } as const;
export const GLUE_TABLE_DESCRIPTION_MAX = 2048;

/** Glue's single-line string pattern (the `u` flag makes astral characters one code point). */
export const GLUE_SINGLE_LINE = /^[\t\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

export const glueLength = (s: string): number => [...s].length;

export interface GlueLimitProblem {
  /** the member as Glue's validation error names it, e.g. `tableInput.storageDescriptor.columns.2.member.comment` */
  member: string;
  /** what is wrong, in Glue's words: "Member must have length less than or equal to 255" */
  constraint: string;
  /** the column it concerns, if any */
  column?: string;
  /** Name, Comment, Type or Description */
  field: 'Name' | 'Comment' | 'Type' | 'Description';
  length: number;
}

function columnProblems(cols: readonly CatalogColumn[], at: string): GlueLimitProblem[] {
  const out: GlueLimitProblem[] = [];
  cols.forEach((c, i) => {
    for (const field of ['Name', 'Comment', 'Type'] as const) {
      const value = field === 'Name' ? c.name : field === 'Comment' ? c.comment : c.type;
      if (typeof value !== 'string') continue;
      const member = `${at}.${i + 1}.member.${field.toLowerCase()}`;
      const length = glueLength(value);
      if (!GLUE_SINGLE_LINE.test(value)) out.push({ member, field, column: c.name, length, constraint: 'Member must satisfy regular expression pattern: [\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*' });
      else if (length > GLUE_COLUMN_MAX[field]) out.push({ member, field, column: c.name, length, constraint: `Member must have length less than or equal to ${GLUE_COLUMN_MAX[field]}` });
    }
  });
  return out;
}

/** What Glue's CreateTable / UpdateTable refuses in the columns, partition keys and description (empty: nothing). */
export function glueTableLimitProblems(t: { storage: { columns: readonly CatalogColumn[] }; partitionKeys: readonly CatalogColumn[]; comment?: string }): GlueLimitProblem[] {
  const out = [...columnProblems(t.storage.columns, 'tableInput.storageDescriptor.columns'), ...columnProblems(t.partitionKeys, 'tableInput.partitionKeys')];
  if (typeof t.comment === 'string' && glueLength(t.comment) > GLUE_TABLE_DESCRIPTION_MAX)
    out.push({ member: 'tableInput.description', field: 'Description', length: glueLength(t.comment), constraint: `Member must have length less than or equal to ${GLUE_TABLE_DESCRIPTION_MAX}` });
  return out;
}

/** "1 validation error detected: Value at '…' failed to satisfy constraint: …", as Glue's InvalidInputException words it. */
export function glueValidationMessage(p: GlueLimitProblem): string {
  return `1 validation error detected: Value at '${p.member}' failed to satisfy constraint: ${p.constraint}`;
}
