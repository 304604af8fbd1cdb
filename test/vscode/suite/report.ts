// The lines the extension-host suite prints first and last, and how the launchers read them. One definition
// for both sides: index.ts (in the extension host) writes them, launch-code-server.ts (in Node) parses them.

/** Every line the suite itself prints starts with this. */
export const SUITE_PREFIX = 'extension-host:';

export interface SuiteSummary {
  passed: number;
  failed: number;
  skipped: number;
}

/** The closing line, "extension-host: N passed, N failed[, N skipped]": the plain form CI logs are read for. */
export function summaryLine(s: SuiteSummary): string {
  return `${SUITE_PREFIX} ${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ''}`;
}

export function parseSummaryLine(line: string): SuiteSummary | undefined {
  const m = /^extension-host: (\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/.exec(line.trim());
  return m ? { passed: Number(m[1]), failed: Number(m[2]), skipped: Number(m[3] ?? 0) } : undefined;
}
