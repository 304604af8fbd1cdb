/**
 * The Glue Studio visual transforms (`frame.gs_*`, from the gs_common.py Glue ships with Glue Studio) — each a row:
 * the method → its parameters → the plan node it becomes, or why it is refused. Sources: the Glue Studio pages of the
 * AWS Glue developer guide (transforms-*.html) and the code Glue Studio generates.
 */
import type { Bound } from '../callArgs';
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
        throw c.host.unsupported(b.need('indexes').node, `${c.construct} with indexes="${indexes}"`, 'whether its positions count from 0 or from 1 is not documented', 'leave the positions out (the first elements in order), or pick them with F.col(…)[i] in DataFrame code');
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
  // refused: what their code does is not documented precisely enough to give Glue's answer (Glue Studio's gs_*
  // implementations are not public; the pages describe the options, not the rows and names that come out)
  'DynamicFrame.gs_pivot': {
    refuse: "Glue Studio's Pivot Rows Into Columns (gs_pivot) is not reproduced locally: which columns it groups by, how it names the new columns (for several columns to convert) and what an aggregation such as \"mean\" does with nulls are not documented",
    instead: 'write groupBy(…).pivot("column", [values]).agg(F.avg("aggCol")) in DataFrame code, or an SQL Query node',
    doc: `${GLUE_DOC}/transforms-pivot-rows-to-columns.html`,
  },
  'DynamicFrame.gs_unpivot': {
    refuse: "Glue Studio's Unpivot Columns To Rows (gs_unpivot) is not reproduced locally: whether it keeps the rows whose value is null, and the type of the values column when the columns' types differ, are not documented",
    instead: "write it with stack(…) in selectExpr, or UNION ALL in an SQL Query node",
    doc: `${GLUE_DOC}/transforms-unpivot-columns-to-rows.html`,
  },
  'DynamicFrame.gs_to_timestamp': {
    refuse: "Glue Studio's To Timestamp (gs_to_timestamp) is not reproduced locally: which text and number formats its colType=\"autodetect\" recognizes, and in what order, is not documented",
    instead: 'write F.to_timestamp(col, "pattern") or F.from_unixtime / F.timestamp_seconds in DataFrame code',
    doc: `${GLUE_DOC}/transforms-to-timestamp.html`,
  },
  'DynamicFrame.gs_format_timestamp': {
    refuse: "Glue Studio's Format Timestamp (gs_format_timestamp) is not reproduced locally: how it parses a text column before formatting it is not documented",
    instead: 'write F.date_format(F.to_timestamp(col), "pattern") in DataFrame code',
    doc: `${GLUE_DOC}/transforms-format-timestamp.html`,
  },
  'DynamicFrame.gs_uuid': { refuse: 'a random UUID per row differs on every run', instead: 'derive an identifier from the row\'s fields', doc: `${GLUE_DOC}/transforms-uuid.html` },
  'DynamicFrame.gs_regex_extract': {
    refuse: "Glue Studio's Regex Extractor (gs_regex_extract) is not reproduced locally: the columns it makes for the regular expression's groups are not documented",
    instead: 'write F.regexp_extract(col, "pattern", group) in DataFrame code',
    doc: `${GLUE_DOC}/transforms-regex-extractor.html`,
  },
};
