/**
 * Writes the tables (docs/glue-jobs.md, the local engine's reference) of the Glue and Spark calls the local runner understands (between the markers
 * `<!-- vocabulary:start -->` and `<!-- vocabulary:end -->`), from the vocabulary tables themselves
 * (src/core/jobs/vocabulary/table.ts). test/jobs/vocabulary.test.ts fails when they differ.
 *
 *   node --import tsx scripts/vocabulary-table.ts
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { vocabularyMarkdown } from '../src/core/jobs/vocabulary/table';

const START = '<!-- vocabulary:start -->';
const END = '<!-- vocabulary:end -->';

async function main(): Promise<void> {
  const readme = path.resolve(__dirname, '..', 'docs', 'glue-jobs.md');
  const text = await fs.readFile(readme, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`docs/glue-jobs.md has no ${START} … ${END} section`);
  await fs.writeFile(readme, `${text.slice(0, a + START.length)}\n${vocabularyMarkdown()}\n${text.slice(b)}`);
  process.stdout.write(`docs/glue-jobs.md: vocabulary tables written\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
