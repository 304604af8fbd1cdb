/**
 * Prepared statements (`PREPARE name FROM …`, `EXECUTE name USING …`, `DEALLOCATE PREPARE name`). In Athena they
 * belong to a workgroup and stay until deallocated (https://docs.aws.amazon.com/athena/latest/ug/sql-prepare.html:
 * "The name must be unique within the workgroup", at most 1,000 a workgroup). Locally they belong to the engine
 * instance — the extension window, one CLI command — per workgroup name (QueryContext.workgroup, default
 * `primary`), and end with it. Preparing a name again replaces its statement, as Trino does (SQL's implicit
 * DEALLOCATE).
 */
import { LakehouseError } from '../../errors';

export const MAX_PREPARED_STATEMENTS = 1000;

export interface PreparedStatement {
  workgroup: string;
  name: string;
  /** the statement's text, `?` parameters included */
  text: string;
  kind: 'QUERY' | 'CTAS' | 'INSERT' | 'UNLOAD';
}

export class PreparedStatements {
  private readonly statements = new Map<string, PreparedStatement>();

  private static key(workgroup: string, name: string): string {
    return `${workgroup}\u0000${name.toLowerCase()}`;
  }

  prepare(statement: PreparedStatement, at: { line: number; column: number }): void {
    const key = PreparedStatements.key(statement.workgroup, statement.name);
    if (!this.statements.has(key) && this.list(statement.workgroup).length >= MAX_PREPARED_STATEMENTS)
      throw new LakehouseError('InvalidInput', `workgroup ${statement.workgroup} already has ${MAX_PREPARED_STATEMENTS} prepared statements, Athena's maximum: deallocate some first`, at);
    this.statements.set(key, { ...statement, name: statement.name.toLowerCase() });
  }

  /** the statement, or Trino's `Prepared statement not found: name` */
  get(workgroup: string, name: string, at: { line: number; column: number }): PreparedStatement {
    const found = this.statements.get(PreparedStatements.key(workgroup, name));
    if (!found) throw new LakehouseError('EntityNotFound', `Prepared statement not found: ${name}`, { ...at, object: name });
    return found;
  }

  deallocate(workgroup: string, name: string, at: { line: number; column: number }): void {
    if (!this.statements.delete(PreparedStatements.key(workgroup, name)))
      throw new LakehouseError('EntityNotFound', `Prepared statement not found: ${name}`, { ...at, object: name });
  }

  list(workgroup: string): PreparedStatement[] {
    return [...this.statements.values()].filter((s) => s.workgroup === workgroup);
  }
}
