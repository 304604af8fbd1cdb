// The "Run" CodeLenses of a SQL document (no vscode here: tested under test/extension-plain). A CodeLens shows above
// the line its range starts on, so two statements starting on one line (`SELECT 1; SELECT 2;`) would give two
// lenses titled "Run" side by side, with nothing telling which runs what. One lens per line instead: it runs every
// statement that starts on that line, one after another (as Run SQL runs a selection of several statements: each
// one that answers with rows gets a result tab), and says how many when there are several ("Run 2 statements").
// The statement at the cursor alone stays one Ctrl/Cmd+Enter away.
import { splitStatements } from '../../core/sql/split';

export interface RunLens {
  /** 1-based line the lens shows above (where its first statement starts) */
  line: number;
  /** offsets in the text: from the first statement's first token to the last one's end (the range Run SQL runs) */
  start: number;
  end: number;
  /** how many statements start on the line */
  statements: number;
  title: string;
  tooltip: string;
}

/** One lens per line on which statements start; none for a text that does not split (an unterminated string). */
export function runLenses(text: string): RunLens[] {
  let statements;
  try {
    statements = splitStatements(text);
  } catch {
    return []; // nothing to run until it is fixed
  }
  const out: RunLens[] = [];
  for (const st of statements) {
    const last = out[out.length - 1];
    if (last !== undefined && last.line === st.line) {
      last.end = st.end;
      last.statements++;
    } else out.push({ line: st.line, start: st.offset, end: st.end, statements: 1, title: '', tooltip: '' });
  }
  for (const lens of out) {
    lens.title = lens.statements === 1 ? '$(play) Run' : `$(play) Run ${lens.statements} statements`;
    lens.tooltip =
      lens.statements === 1
        ? 'Run this statement on the Lakehouse target (Ctrl/Cmd+Enter)'
        : `Run the ${lens.statements} statements of this line on the Lakehouse target, one after another (the one at the cursor alone: Ctrl/Cmd+Enter)`;
  }
  return out;
}
