/**
 * Athena's result files and writing them out: the CSV Athena writes for a SELECT (every value double-quoted with
 * `""` escapes, NULL as an empty *unquoted* field, header first) and the tab-separated text file of other statements;
 * exports of a result to CSV (Athena's file as it is), JSON lines (parsed while streaming) or Parquet (DuckDB reads
 * the CSV with the result's column types).
 */
import { createWriteStream, promises as fs } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { parse as parseCsv, type Parser } from 'csv-parse';
import { LakehouseError } from '../../errors';
import type { CellValue, QueryColumn } from '../../model';
import { ident, literal, loadDuckDb } from '../local/duck';
import { cellFromAthena } from './athenaTypes';

/** The DuckDB type a column of Athena's CSV is read as for Parquet (complex types stay Athena's text). */
export function duckTypeOf(type: string): string {
  const base = type.replace(/\(.*$/s, '').trim();
  const simple: Record<string, string> = {
    tinyint: 'TINYINT',
    smallint: 'SMALLINT',
    integer: 'INTEGER',
    int: 'INTEGER',
    bigint: 'BIGINT',
    double: 'DOUBLE',
    float: 'FLOAT',
    real: 'FLOAT',
    boolean: 'BOOLEAN',
    date: 'DATE',
    timestamp: 'TIMESTAMP',
  };
  if (base === 'decimal') {
    const m = /^decimal\((\d+)\s*,\s*(\d+)\)$/.exec(type.trim());
    return m ? `DECIMAL(${m[1]},${m[2]})` : 'DOUBLE';
  }
  return simple[base] ?? 'VARCHAR';
}


// ---------------------------------------------------------------- Athena's CSV

/**
 * A parser of Athena's result CSV (csv-parse): every value double-quoted with `""` escapes, NULL as an empty
 * *unquoted* field — so `""` stays an empty string and only a bare empty field becomes null.
 */
export function athenaCsvParser(options: { fromLine?: number } = {}): Parser {
  return parseCsv({
    cast: (value, context) => (context.quoting || value !== '' ? value : null),
    relax_column_count: true,
    ...(options.fromLine !== undefined ? { from_line: options.fromLine } : {}),
  });
}

/** One value as Athena writes it in a CSV: double-quoted, NULL as nothing. */
export function csvField(v: string | null): string {
  return v === null ? '' : `"${v.replace(/"/g, '""')}"`;
}

/**
 * The records of a result file: Athena's CSV (header first) or a DDL statement's text file (tab-separated, no
 * header). Yields data records only, at most `maxRows`.
 */
export async function* resultRecords(source: AsyncIterable<Buffer>, isCsv: boolean, maxRows: number | undefined, onChunk?: (chunk: Buffer) => void): AsyncGenerator<(string | null)[]> {
  let count = 0;
  if (maxRows === 0) return;
  if (isCsv) {
    // the header line is skipped by the parser
    const parser = athenaCsvParser({ fromLine: 2 });
    const input = Readable.from(
      (async function* () {
        for await (const chunk of source) {
          onChunk?.(chunk);
          yield chunk;
        }
      })(),
    );
    input.on('error', (e) => parser.destroy(e));
    input.pipe(parser);
    try {
      for await (const r of parser as AsyncIterable<(string | null)[]>) {
        yield r;
        if (maxRows !== undefined && ++count >= maxRows) return;
      }
    } finally {
      input.destroy();
      parser.destroy();
    }
    return;
  }
  const decoder = new StringDecoder('utf8');
  let rest = '';
  const lines = function* (text: string, final: boolean): Generator<string> {
    rest += text;
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      yield rest.slice(0, nl);
      rest = rest.slice(nl + 1);
    }
    if (final && rest !== '') {
      yield rest;
      rest = '';
    }
  };
  for await (const chunk of source) {
    onChunk?.(chunk);
    for (const l of lines(decoder.write(chunk), false)) {
      yield l.split('\t').map((f) => f.trim());
      if (maxRows !== undefined && ++count >= maxRows) return;
    }
  }
  for (const l of lines(decoder.end(), true)) {
    yield l.split('\t').map((f) => f.trim());
    if (maxRows !== undefined && ++count >= maxRows) return;
  }
}


export async function exportText(
  source: Readable,
  isCsv: boolean,
  columns: QueryColumn[],
  format: 'csv' | 'json',
  tmp: string,
  maxRows: number | undefined,
  signal: AbortSignal | undefined,
): Promise<number> {
  let rows = 0;
  const out = createWriteStream(tmp);
  if (format === 'csv' && isCsv && maxRows === undefined) {
    // Athena's CSV as it is; records are counted on the way through
    await pipeline(
      source,
      async function* (input: AsyncIterable<Buffer>) {
        const chunks: Buffer[] = [];
        for await (const _ of resultRecords(input, true, undefined, (c) => chunks.push(c))) {
          rows++;
          if (chunks.length > 0) yield Buffer.concat(chunks.splice(0));
        }
        if (chunks.length > 0) yield Buffer.concat(chunks.splice(0));
      },
      out,
      ...(signal ? [{ signal }] : []),
    );
    return rows;
  }
  const types = columns.map((c) => c.type);
  await pipeline(
    source,
    async function* (input: AsyncIterable<Buffer>) {
      if (format === 'csv') yield `${columns.map((c) => csvField(c.name)).join(',')}\n`;
      let batch = '';
      for await (const r of resultRecords(input, isCsv, maxRows)) {
        rows++;
        if (format === 'csv') batch += `${r.map(csvField).join(',')}\n`;
        else {
          const obj: Record<string, CellValue> = {};
          columns.forEach((c, i) => (obj[c.name] = cellFromAthena(r[i], types[i]!)));
          batch += `${JSON.stringify(obj)}\n`;
        }
        if (batch.length >= 64 * 1024) {
          yield batch;
          batch = '';
        }
      }
      if (batch) yield batch;
    },
    out,
    ...(signal ? [{ signal }] : []),
  );
  return rows;
}

export async function exportParquet(
  source: Readable,
  isCsv: boolean,
  columns: QueryColumn[],
  tmp: string,
  maxRows: number | undefined,
  signal: AbortSignal | undefined,
): Promise<number> {
  const csvTmp = `${tmp}.csv`;
  try {
    // the result file on disk: Athena's CSV as downloaded, or a DDL text result rewritten as such a CSV
    if (isCsv) await pipeline(source, createWriteStream(csvTmp), ...(signal ? [{ signal }] : []));
    else {
      await pipeline(
        source,
        async function* (input: AsyncIterable<Buffer>) {
          yield `${columns.map((c) => csvField(c.name)).join(',')}\n`;
          for await (const r of resultRecords(input, false, undefined)) yield `${r.map(csvField).join(',')}\n`;
        },
        createWriteStream(csvTmp),
        ...(signal ? [{ signal }] : []),
      );
    }
    // DuckDB reads it with the result's column types; duplicate names get a suffix there and their name back here
    const seen = new Map<string, number>();
    const readNames = columns.map((c) => {
      const k = c.name.toLowerCase();
      const n = seen.get(k) ?? 0;
      seen.set(k, n + 1);
      return n === 0 ? c.name : `${c.name}__${n}`;
    });
    const spec = `{${columns.map((c, i) => `${literal(readNames[i]!)}: ${literal(duckTypeOf(c.type))}`).join(', ')}}`;
    const select = columns.map((c, i) => `${ident(readNames[i]!)} AS ${ident(c.name)}`).join(', ');
    const read =
      `read_csv(${literal(csvTmp)}, header = true, delim = ',', quote = '"', escape = '"', nullstr = '', ` +
      `allow_quoted_nulls = false, auto_detect = false, new_line = '\\n', columns = ${spec})`;
    const limit = maxRows !== undefined ? ` LIMIT ${maxRows}` : '';
    const { DuckDBInstance } = await loadDuckDb();
    const instance = await DuckDBInstance.create(':memory:', { threads: '2', autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
    const conn = await instance.connect();
    const onAbort = () => conn.interrupt();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (columns.length === 0) throw new LakehouseError('InvalidInput', 'the result has no columns to write as Parquet');
      const reader = await conn.runAndReadAll(`COPY (SELECT ${select} FROM ${read}${limit}) TO ${literal(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
      return Number((reader.getRowsJson() as unknown[][])[0]?.[0] ?? 0);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      conn.closeSync();
      instance.closeSync();
    }
  } finally {
    await fs.rm(csvTmp, { force: true });
  }
}
