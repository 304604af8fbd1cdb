/**
 * The Glue Studio visual transforms (`frame.gs_*`, from the gs_common.py Glue ships with Glue Studio) — each a row:
 * the method → its parameters → the plan node it becomes, or why it is refused. Sources: the Glue Studio pages of the
 * AWS Glue developer guide (transforms-*.html) and the code Glue Studio generates.
 */
import type { Bound } from '../callArgs';
import { javaRegex, RegexError, type TranslatedRegex } from '../../sql/dialects/javaRegex';
import { sqlText, type ColExpr, type PyConst } from '../expr';
import type { PyValue } from '../values';
import type { CallCtx, Table } from './registry';
import { GLUE_DOC, dyf } from './glueCommon';

// ---------------------------------------------------------------- Glue Studio visual transforms (gs_*)

/** The gs_* methods convert to a DataFrame, apply the Spark code and convert back (gs_common.py `enrich_df`). */
function gs(build: (c: CallCtx, input: string, b: Bound) => string) {
  return (c: CallCtx): PyValue => {
    const self = c.self;
    if (self?.t !== 'dyf' && self?.t !== 'df') throw c.host.invalid(c.call, `${c.construct} needs a frame`);
    // a DynamicFrame goes through toDF() first (a ChoiceType field would be a struct there: refused by the runner)
    const calledAt = c.host.callSite();
    const input = self.t === 'dyf' ? c.host.node({ kind: 'toDF', input: self.id, construct: c.construct, column: pos(c).column, ...(calledAt ? { calledAt } : {}) }, c.call, 'toDF') : self.id;
    const id = build(c, input, c.bound());
    return self.t === 'dyf' ? dyf(id) : { t: 'df', id };
  };
}

const pos = (c: CallCtx) => c.host.pos(c.call);
/** A field name as Glue Studio writes it: plain, or in backticks when it holds a dot ("`geometry.coordinates`"). */
const unquote = (name: string) => (/^`.*`$/s.test(name) ? name.slice(1, -1).replace(/``/g, '`') : name);
const colRef = (c: CallCtx, name: string): ColExpr => ({ pos: pos(c), k: 'col', name: `\`${unquote(name).replace(/`/g, '``')}\`` });
/** A list of names: a Python list, or one string of comma-separated names as Glue Studio generates it ("a, b, c"). */
function nameList(b: Bound, param: string): string[] {
  const v = b.need(param).value;
  if (v.t === 'str')
    return v.v
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '');
  return b.strings(param);
}
const truthy = (v: PyValue) => !(v.t === 'none' || (v.t === 'bool' && !v.v) || (v.t === 'int' && v.v === 0) || (v.t === 'str' && v.v === ''));
const sqlExpr = (c: CallCtx, b: Bound, name: string): ColExpr => {
  const a = b.need(name);
  return sqlText(pos(c), { ...(a.value.t === 'str' ? a.value : { line: c.host.pos(a.node).line }), v: b.string(name) });
};
const lit = (c: CallCtx, value: PyConst): ColExpr => ({ pos: pos(c), k: 'lit', value });
/** To Timestamp's number types, as the generated code names them (a public script: colType="milliseconds"). */
const EPOCH_UNITS = ['seconds', 'milliseconds', 'microseconds'];
/** Pivot's aggregations reproduced (Spark's functions; "mean" is avg). */
const PIVOT_FUNCTIONS = ['sum', 'avg', 'mean', 'min', 'max', 'count'];
const fn = (c: CallCtx, name: string, args: ColExpr[], options?: Record<string, PyConst>): ColExpr => ({ pos: pos(c), k: 'fn', name, args, ...(options ? { options } : {}) });

/** Python strftime directives → Java (Spark) date patterns, as gs_common.py maps them (py2j_date_format). */
const PY2J: Record<string, string> = { Y: 'yyyy', m: 'MM', d: 'dd', H: 'HH', M: 'mm', S: 'ss', a: 'E', A: 'EEEE', b: 'MMM', B: 'MMMM', y: 'yy', I: 'hh', p: 'a', f: 'SSSSSS', z: 'Z', Z: 'z', j: 'DDD', c: 'EEE MMM d HH:mm:ss yyyy', X: 'HH:MM:ss', G: 'yyyy' };

export function pyToJavaDateFormat(fmt: string): string {
  // string.Template with delimiter '%': `%Y` → its Java pattern; unknown directives stay as written
  return fmt.replace(/%(%|[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})/g, (m, d: string) => {
    if (d === '%') return '%';
    const key = d.replace(/^\{|\}$/g, '');
    const hit = PY2J[key];
    return hit === undefined ? m : hit;
  });
}

/**
 * The Python date codes whose meaning (Python's strftime, https://docs.python.org/3/library/datetime.html) a Java
 * pattern gives exactly for a timestamp in UTC, as Format Timestamp's page offers them ("%Y-%m-%d %H:%M" is
 * "yyyy-MM-dd HH:mm"). Left out, and refused: codes whose Java counterpart differs (%X → gs_common's HH:MM:ss, %G an
 * ISO week year, %c, %Z, %z, %U, %W…), %% and text letters between codes (which a Java pattern reads as letters).
 */
const PY_CODES: Record<string, string> = { Y: 'yyyy', m: 'MM', d: 'dd', H: 'HH', M: 'mm', S: 'ss', y: 'yy', I: 'hh', p: 'a', b: 'MMM', B: 'MMMM', a: 'E', A: 'EEEE', j: 'DDD', f: 'SSSSSS' };

/** A Format Timestamp pattern as the Java pattern Spark's date_format takes, or why it is refused. */
export function formatPattern(fmt: string): string | { why: string } {
  if (!fmt.includes('%')) return fmt;
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i]!;
    if (ch === '%') {
      const code = fmt[i + 1];
      const java = code === undefined ? undefined : PY_CODES[code];
      if (java === undefined) return { why: `the Python date code %${code ?? ''} has no Java pattern that gives what Python gives (the codes read here: ${Object.keys(PY_CODES).map((k) => `%${k}`).join(' ')})` };
      out += java;
      i++;
    } else if (/[A-Za-z'[\]{}#]/.test(ch)) return { why: `the character ${JSON.stringify(ch)} between Python date codes would be read as part of a Java pattern, and how the node mixes the two is not documented` };
    else out += ch;
  }
  return out;
}

export const GLUE_STUDIO: Table = {
  'DynamicFrame.gs_derived': {
    sig: 'colName!, expr!',
    becomes: 'withColumns',
    doc: `${GLUE_DOC}/transforms-derived-column.html`,
    run: gs((c, input, b) => c.host.node({ kind: 'withColumns', input, columns: [{ name: b.string('colName'), expr: sqlExpr(c, b, 'expr') }] }, c.call, 'gs_derived')),
  },
  'DynamicFrame.gs_now': {
    sig: 'colName, dateFormat',
    becomes: 'withColumns',
    doc: `${GLUE_DOC}/transforms-add-current-timestamp.html`,
    run: gs((c, input, b) => {
      const fmt = b.optString('dateFormat');
      let e = fn(c, 'current_timestamp', []);
      if (fmt !== undefined && fmt !== '') e = fn(c, 'date_format', [e, lit(c, { py: 'str', v: pyToJavaDateFormat(fmt) })]);
      return c.host.node({ kind: 'withColumns', input, columns: [{ name: b.optString('colName') ?? 'timestamp', expr: e }] }, c.call, 'gs_now');
    }),
  },
  'DynamicFrame.gs_concat': {
    sig: 'colName!, colList!, spacer',
    becomes: 'withColumns',
    doc: `${GLUE_DOC}/transforms-concatenate-columns.html`,
    run: gs((c, input, b) => {
      // "By default, … an empty string is used" for a null value (the page's Null value option); the values are
      // Spark's text of each column (concat_ws casts them)
      const cols = nameList(b, 'colList').map((n): ColExpr => ({ pos: pos(c), k: 'op', op: 'gsConcatPart', args: [{ pos: pos(c), k: 'cast', arg: colRef(c, n), type: 'string' }] }));
      const spacer = b.optString('spacer') ?? '';
      return c.host.node({ kind: 'withColumns', input, columns: [{ name: b.string('colName'), expr: fn(c, 'concat_ws', [lit(c, { py: 'str', v: spacer }), ...cols]) }] }, c.call, 'gs_concat');
    }),
  },
  'DynamicFrame.gs_split': {
    sig: 'colName!, pattern!, newColName',
    becomes: 'withColumns',
    doc: `${GLUE_DOC}/transforms-split-string.html`,
    run: gs((c, input, b) => {
      // the array of the pieces (a regular expression splits, as Spark's split), in newColName or in place
      const source = b.string('colName');
      const split = fn(c, 'split', [colRef(c, source), lit(c, { py: 'str', v: b.string('pattern') })]);
      const target = b.optString('newColName');
      return c.host.node({ kind: 'withColumns', input, columns: [{ name: target !== undefined && target !== '' ? target : unquote(source), expr: split }] }, c.call, 'gs_split');
    }),
  },
  'DynamicFrame.gs_array_to_cols': {
    sig: 'colName!, colList!, indexes',
    becomes: 'withColumns',
    doc: `${GLUE_DOC}/transforms-array-to-columns.html`,
    run: gs((c, input, b) => {
      const source = colRef(c, b.string('colName'));
      const names = nameList(b, 'colList');
      const indexes = b.optString('indexes');
      if (indexes !== undefined && indexes.trim() !== '')
        // the page's example takes "the first and forth positions" but never shows the text typed for them, and the
        // node's code (gs_array_to_cols.py) is not public: "1" is the first element if positions count from 1, the
        // second if from 0 — a public script's indexes="1" reads as the first (it then joins on it), not enough to
        // settle it
        throw c.host.unsupported(
          b.need('indexes').node,
          `${c.construct} with indexes="${indexes}"`,
          'whether its positions count from 0 or from 1 is not documented (the page never shows the text typed for "the first and forth positions", and the node\'s code is not public)',
          `leave indexes out and name a column for every position up to the last one wanted (the columns take the elements in order; drop the others after with Drop Fields), or pick elements with F.element_at(col, n) (from 1) in DataFrame code`,
        );
      // an array shorter than the list leaves the last columns null ("fill the new columns as much as possible")
      return c.host.node(
        { kind: 'withColumns', input, columns: names.map((name, i) => ({ name, expr: { pos: pos(c), k: 'op', op: 'getItem', args: [source, lit(c, { py: 'int', v: i })] } as ColExpr })) },
        c.call,
        'gs_array_to_cols',
      );
    }),
  },
  'DynamicFrame.gs_explode': {
    sig: 'colName!, newCol, outer',
    becomes: 'withColumns (explode)',
    doc: `${GLUE_DOC}/transforms-explode-array.html`,
    run: gs((c, input, b) => {
      // a row per element, the other columns repeated; into a column of the same name it replaces the array; with
      // outer (Include NULLs) an empty or null array keeps its row with a null
      const source = b.string('colName');
      const target = b.optString('newCol') ?? unquote(source);
      const outer = b.has('outer') && truthy(b.need('outer').value);
      return c.host.node({ kind: 'withColumns', input, columns: [{ name: target, expr: fn(c, outer ? 'explode_outer' : 'explode', [colRef(c, source)]) }] }, c.call, 'gs_explode');
    }),
  },
  'DynamicFrame.gs_flatten': {
    sig: 'maxLevels, separator',
    becomes: 'flatten',
    doc: `${GLUE_DOC}/transforms-flatten.html`,
    run: gs((c, input, b) => {
      const levels = b.has('maxLevels') ? b.need('maxLevels').value : { t: 'int' as const, v: 0 };
      if (levels.t !== 'int' || levels.v < 0) throw b.notLiteral(b.need('maxLevels'), `${c.construct} maxLevels`, 'a whole number (0: every level)');
      return c.host.node({ kind: 'flatten', input, maxLevels: levels.v, separator: b.optString('separator') ?? '.' }, c.call, 'gs_flatten');
    }),
  },
  'DynamicFrame.gs_regex_extract': {
    sig: 'colName!, regex!, newCols!',
    becomes: 'withColumns',
    doc: `${GLUE_DOC}/transforms-regex-extractor.html`,
    run: gs((c, input, b) => {
      // "creates a new column out of it, or multiple columns if using regex groups … If the regex uses groups, there
      // has be a corresponding column name separated by comma but you can skip groups by leaving the column name
      // empty"; null only for a null source, empty when the regex does not match (Spark's regexp_extract: a match
      // anywhere in the value, Java's group numbering, '' for a group that took no part in the match)
      const source = b.string('colName');
      const regexArg = b.need('regex');
      let r: TranslatedRegex;
      try {
        r = javaRegex(b.string('regex'));
      } catch (e) {
        if (e instanceof RegexError) throw c.host.unsupported(regexArg.node, `${c.construct} with a regular expression using ${e.message}`, "RE2, DuckDB's regular expressions, lacks it", 'rewrite the expression without it');
        throw e;
      }
      const names = b.string('newCols').split(',').map((x) => x.trim());
      const wanted = Math.max(r.groups, 1);
      if (names.length !== wanted)
        throw c.host.unsupported(
          b.need('newCols').node,
          `${c.construct} with ${names.length} column name${names.length === 1 ? '' : 's'} for ${r.groups === 0 ? 'a regular expression without groups' : `a regular expression with ${r.groups} group${r.groups === 1 ? '' : 's'}`}`,
          'the documentation asks for one name per group (one name when there are none); what the node does otherwise is not documented',
          'give one name per group, an empty name to skip a group',
        );
      const columns = names.flatMap((name, i) => (name === '' ? [] : [{ name, expr: { pos: pos(c), k: 'op', op: 'gsRegexExtract', args: [colRef(c, source), lit(c, { py: 'str', v: r.re2 }), lit(c, { py: 'int', v: r.groups === 0 ? 0 : i + 1 })] } as ColExpr }]));
      if (columns.length === 0) throw c.host.unsupported(b.need('newCols').node, `${c.construct} with every column name empty`, 'it would extract nothing, which the documentation does not describe', 'name at least one column');
      return c.host.node({ kind: 'withColumns', input, columns }, c.call, 'gs_regex_extract');
    }),
  },
  'DynamicFrame.gs_format_timestamp': {
    sig: 'colName!, dateFormat!, newColName',
    becomes: 'withColumns',
    doc: `${GLUE_DOC}/transforms-format-timestamp.html`,
    run: gs((c, input, b) => {
      // "Format a timestamp column into a string based on a pattern … using Spark date syntax as well as most of the
      // Python date codes": Spark's date_format; Python codes only where Python's meaning and a Java pattern agree
      if (b.has('newColName'))
        throw c.host.unsupported(b.need('newColName').node, `${c.construct} with newColName=`, 'the page lets the node write a new column, but not the name of that parameter in the generated code (no public script shows it)', 'format into the column itself, or write F.date_format(col, "pattern") in DataFrame code');
      const fmtArg = b.need('dateFormat');
      const pattern = formatPattern(b.string('dateFormat'));
      if (typeof pattern !== 'string') throw c.host.unsupported(fmtArg.node, `${c.construct} with dateFormat="${b.string('dateFormat')}"`, pattern.why, 'write the pattern in Spark\'s datetime syntax (yyyy-MM-dd HH:mm)');
      const source = b.string('colName');
      const value: ColExpr = { pos: pos(c), k: 'op', op: 'gsTimestampOnly', args: [colRef(c, source)] };
      return c.host.node({ kind: 'withColumns', input, columns: [{ name: unquote(source), expr: fn(c, 'date_format', [value, lit(c, { py: 'str', v: pattern })]) }] }, c.call, 'gs_format_timestamp');
    }),
  },
  'DynamicFrame.gs_to_timestamp': {
    sig: 'colName!, colType!, newColName',
    becomes: 'withColumns',
    doc: `${GLUE_DOC}/transforms-to-timestamp.html`,
    run: gs((c, input, b) => {
      // colType="iso" (a public script: gs_to_timestamp(colName="date", colType="iso")): a string "conform[ing] to one
      // of the variants of the ISO format"; a number "expressed in seconds (Unix/Python timestamp), milliseconds or
      // microseconds" (a public script: colType="milliseconds"); "If a column name is not specified, the existing
      // column will be replaced"
      const colType = b.string('colType');
      const source = b.string('colName');
      let expr: ColExpr;
      if (colType === 'iso') expr = { pos: pos(c), k: 'op', op: 'gsIsoTimestamp', args: [colRef(c, source)] };
      else if (EPOCH_UNITS.includes(colType)) expr = { pos: pos(c), k: 'op', op: 'gsEpochTimestamp', args: [colRef(c, source), lit(c, { py: 'str', v: colType })] };
      else
        throw c.host.unsupported(
          b.need('colType').node,
          `${c.construct} with colType="${colType}"`,
          colType === 'autodetect'
            ? 'the page says only that "the system will make its best guess": which number units and which text forms "autodetect" tries, in what order, and what it gives for a value it cannot read are not documented, and the node\'s code (gs_to_timestamp.py) is not public'
            : `the page names numbers in seconds, milliseconds or microseconds and "iso" text; "${colType}" is none of the values read here (iso, ${EPOCH_UNITS.join(', ')})`,
          colType === 'autodetect'
            ? 'choose the type the column holds: colType="iso" for ISO 8601 text, "seconds", "milliseconds" or "microseconds" for numbers since 1970 — or write F.to_timestamp(col, "pattern") in DataFrame code'
            : 'use colType="iso", "seconds", "milliseconds" or "microseconds"',
        );
      const target = b.optString('newColName');
      return c.host.node({ kind: 'withColumns', input, columns: [{ name: target !== undefined && target !== '' ? target : unquote(source), expr }] }, c.call, 'gs_to_timestamp');
    }),
  },
  'DynamicFrame.gs_pivot': {
    sig: 'aggCol!, aggFunction!, colList!',
    becomes: 'gsPivot',
    doc: `${GLUE_DOC}/transforms-pivot-rows-to-columns.html`,
    run: gs((c, input, b) => {
      // public scripts: gs_pivot(aggCol="score", aggFunction="mean", colList=["measure_id"]) — see dataframeNodes.ts
      const columns = nameList(b, 'colList').map(unquote);
      if (columns.length !== 1)
        throw c.host.unsupported(
          b.need('colList').node,
          `${c.construct} with ${columns.length} columns to convert`,
          'how the node names the new columns for a combination of several columns\' values (and whether it pivots them together) is not documented; one column is',
          'pivot on one column, or concatenate the columns first (Concatenate Columns) and pivot on that',
        );
      const aggFunction = b.string('aggFunction');
      if (!PIVOT_FUNCTIONS.includes(aggFunction))
        throw c.host.unsupported(
          b.need('aggFunction').node,
          `${c.construct} with aggFunction="${aggFunction}"`,
          `the aggregations reproduced here are Spark's ${PIVOT_FUNCTIONS.join(', ')}`,
          `use one of ${PIVOT_FUNCTIONS.join(', ')}, or write groupBy(…).pivot("column").agg(…) in DataFrame code`,
        );
      return c.host.node({ kind: 'gsPivot', input, aggCol: unquote(b.string('aggCol')), aggFunction, column: columns[0]! }, c.call, 'gs_pivot');
    }),
  },
  'DynamicFrame.gs_uuid': {
    sig: '*, colName',
    becomes: 'withColumns',
    doc: `${GLUE_DOC}/transforms-uuid.html`,
    // gs_uuid.py: enrich_df('gs_uuid', lambda self, colName="uuid": self.withColumn(colName, F.expr("uuid()"))) — a
    // random version-4 UUID per record, in a new field ("uuid" unless named); its values differ on every run, as on Glue
    run: gs((c, input, b) => c.host.node({ kind: 'withColumns', input, columns: [{ name: b.optString('colName') ?? 'uuid', expr: { pos: pos(c), k: 'op', op: 'gsUuid', args: [] } }] }, c.call, 'gs_uuid')),
  },
  // refused: what its code does is not documented precisely enough to give Glue's answer (gs_unpivot.py is not
  // public, the page describes the options, not the rows and names that come out, and no public script shows the
  // parameters of its generated call)
  'DynamicFrame.gs_unpivot': {
    refuse: "Glue Studio's Unpivot Columns To Rows (gs_unpivot) is not reproduced locally: the names of its generated call's parameters (no public script calls it; the node's code, gs_unpivot.py, is not public), whether it keeps the records whose value is null, and the type of the value field when the columns' types differ are not documented",
    instead: "write it with stack(…) in selectExpr, or UNION ALL in an SQL Query node",
    doc: `${GLUE_DOC}/transforms-unpivot-columns-to-rows.html`,
  },
};
