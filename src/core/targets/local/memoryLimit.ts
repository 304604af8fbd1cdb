/**
 * How much memory the local engine may use: DuckDB's buffer-manager limit, which a user sets with `--memory-limit`
 * (CLI, or LAKEHOUSE_MEMORY_LIMIT) or `lakehouse.local.memoryLimit` (VS Code). Beyond it DuckDB spills to the data
 * folder (`<data>/tmp`) — joins, sorts and aggregates larger than the limit still complete, more slowly. The process
 * itself uses a few hundred MB more than the limit (the native library, the engine's own state, Node).
 */
import * as os from 'node:os';
import { LakehouseError } from '../../errors';

/** Without a limit given: this share of the machine's memory (DuckDB's own default, 80 %, leaves little to the editor). */
export const DEFAULT_MEMORY_SHARE = 0.5;
/** Below this DuckDB cannot run much at all. */
export const MIN_MEMORY_LIMIT = 64 * 2 ** 20;

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/**
 * A limit as a user writes it — `2GB`, `1.5GiB`, `512MB` (KB/MB/GB/TB are powers of 1000 and KiB/MiB/GiB/TiB of
 * 1024, as DuckDB reads them), or `40%` of the machine's memory — in bytes. Anything else is refused, saying what
 * is accepted (the caller names the option or setting it came from).
 */
export function parseMemoryLimit(text: string, totalBytes: number = os.totalmem()): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+|%)\s*$/i.exec(text);
  const unit = m?.[2]!.toLowerCase();
  const n = Number(m?.[1]);
  let bytes: number;
  if (unit === '%') {
    if (!(n > 0 && n <= 100)) throw invalid(text, 'a percentage of the machine\'s memory is more than 0 and at most 100');
    bytes = (totalBytes * n) / 100;
  } else if (unit !== undefined && UNITS[unit] !== undefined) bytes = n * UNITS[unit];
  else throw invalid(text, 'give a size with its unit, e.g. 2GB, 1.5GiB, 512MB, or a share of the machine\'s memory, e.g. 40%');
  bytes = Math.floor(bytes);
  if (bytes < MIN_MEMORY_LIMIT) throw invalid(text, `that is ${formatMemory(bytes)}: the engine needs at least ${formatMemory(MIN_MEMORY_LIMIT)}`);
  return bytes;
}

function invalid(text: string, why: string): LakehouseError {
  return new LakehouseError('InvalidInput', `memory limit ${JSON.stringify(text)}: ${why}`);
}

/** The limit when none is given: {@link DEFAULT_MEMORY_SHARE} of the machine's memory. */
export function defaultMemoryLimit(totalBytes: number = os.totalmem()): number {
  return Math.max(MIN_MEMORY_LIMIT, Math.floor(totalBytes * DEFAULT_MEMORY_SHARE));
}

/** `1.5 GiB`, `512 MiB` */
export function formatMemory(bytes: number): string {
  const [unit, size] = bytes >= 2 ** 30 ? ['GiB', 2 ** 30] : bytes >= 2 ** 20 ? ['MiB', 2 ** 20] : ['KiB', 2 ** 10];
  const v = bytes / (size as number);
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${unit}`;
}

/** DuckDB's `memory_limit` setting for a limit in bytes (DuckDB takes a number with its unit). */
export function duckDbMemoryLimit(bytes: number): string {
  return `${Math.floor(bytes)}B`;
}
