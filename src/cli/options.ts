/** The CLI's option values, checked as they are read: a value that cannot be used is a usage error naming it. */
import { InvalidArgumentError } from 'commander';
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LakehouseError, errorMessage } from '../core/errors';
import { parseMemoryLimit } from '../core/targets/local/memoryLimit';

export const OUT_FORMATS = ['csv', 'json', 'parquet'] as const;
export type OutFormat = (typeof OUT_FORMATS)[number];

/**
 * `query --out`, checked before the statement runs: the format comes from the file's extension (an explicit
 * --format or --json must agree), and the folder must exist and be writable. Errors name the path as given.
 */
export async function outFile(given: string, explicit: { format: string; option: string } | undefined): Promise<{ file: string; format: OutFormat }> {
  const file = path.resolve(given);
  const ext = path.extname(file).toLowerCase().slice(1);
  const format = OUT_FORMATS.find((f) => f === ext);
  if (!format) throw new LakehouseError('InvalidInput', `--out ${given}: the file must end in .csv, .json or .parquet (its extension sets the format)`, { file });
  if (explicit !== undefined && explicit.format !== format) {
    const hint = explicit.format === 'table' ? 'a table is for the terminal' : `drop ${explicit.option.split(' ')[0]} or name the file ${given.slice(0, given.length - ext.length)}${explicit.format}`;
    throw new LakehouseError('InvalidInput', `${explicit.option} contradicts --out ${given} (a .${ext} file is written as ${format}): ${hint}`, { file });
  }
  const dir = path.dirname(file);
  const shownDir = path.dirname(given);
  const st = await fs.stat(dir).catch(() => undefined);
  if (!st) throw new LakehouseError('InvalidInput', `--out ${given}: the folder ${shownDir} does not exist`, { file });
  if (!st.isDirectory()) throw new LakehouseError('InvalidInput', `--out ${given}: ${shownDir} is not a folder`, { file });
  if ((await fs.stat(file).catch(() => undefined))?.isDirectory()) throw new LakehouseError('InvalidInput', `--out ${given}: that is a folder, not a file`, { file });
  await fs.access(dir, fsConstants.W_OK).catch(() => {
    throw new LakehouseError('InvalidInput', `--out ${given}: the folder ${shownDir} is not writable`, { file });
  });
  return { file, format };
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new LakehouseError('InvalidInput', `"${value}" is not a positive number of seconds`);
  return n;
}

export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new LakehouseError('InvalidInput', `"${value}" is not a number of gigabytes`);
  return n;
}

/** --memory-limit, checked as the option is read: a value the engine cannot take is a usage error naming it. */
export function memoryLimitOption(value: string): string {
  try {
    parseMemoryLimit(value);
  } catch (e) {
    throw new InvalidArgumentError(errorMessage(e).replace(/^memory limit "[^"]*": /, ''));
  }
  return value;
}

export function positiveInt(value: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new LakehouseError('InvalidInput', `"${value}" is not a positive whole number`);
  return n;
}

