/**
 * The parse tree's extras: a comment, and a backslash that ends a line (`line_continuation`: tree-sitter's Python
 * grammar keeps it as a node wherever the line breaks, as in `[a,\` ⏎ `b]` — the AWS Glue guide's Unbox example
 * writes its list that way). Python reads neither as part of the code around it; nor does the interpreter.
 */
export function isExtra(n: { type: string } | null | undefined): boolean {
  return n?.type === 'comment' || n?.type === 'line_continuation';
}
