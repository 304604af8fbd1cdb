/**
 * The shape of the vocabulary tables: each Glue, Spark or Python call the local runner understands is one row —
 * its name, its parameters written as data (callArgs.ts `sig`), what it becomes (a plan node, a sink, a log line, a
 * value) and where AWS or Spark documents it — or a refusal saying why it cannot run here and what to write instead.
 * (The model is awslabs/aws-glue-libs, where every transform describes its arguments as data.)
 */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { LakehouseError } from '../../errors';
import { bind, sig, type Arg, type Bound, type CallArgs, type Reporter } from '../callArgs';
import type { ColExpr, Pos, RowExpr, WindowSpec } from '../expr';
import type { LogPart, PlanAssertion, PlanDataQuality, PlanLog, PlanNode, PlanPurge, PlanSink } from '../plan';
import type { PendingSink, PyValue } from '../values';
import type { RowMapping } from '../rowLambda';

export type NodeBody = PlanNode extends infer N ? (N extends PlanNode ? Omit<N, 'id' | 'line' | 'name'> : never) : never;

/** What the tables may ask of the interpreter. */
export interface Host extends Reporter {
  readonly options: { arguments?: Record<string, string> };
  /** the fields of a frame an earlier reading's run learnt from the data (planBuilder.ts, FieldsPending) */
  knownFields(frame: string): { name: string; type?: string }[] | undefined;
  /** a use of a frame's field names that needs them (planBuilder.ts): recorded, the reading goes on without them */
  fieldsNeeded(frame: string, at: SyntaxNode, construct: string): void;
  /** adds a plan node made by `call`; returns its id */
  node(body: NodeBody, call: SyntaxNode, label: string): string;
  /** the plan node of a DynamicFrame argument */
  dyf(a: Arg, what: string): string;
  /** the plan node of a DataFrame argument */
  df(a: Arg, what: string): string;
  /** a Column argument, or a field name (`"a"` is `F.col("a")`, as PySpark functions take them) */
  column(a: Arg, what: string): ColExpr;
  /** a Column from a value (a Column, a field name, or a literal when `literals`) */
  columnOf(v: PyValue, n: SyntaxNode, what: string, literals?: boolean): ColExpr;
  /** a Python record predicate (a lambda or a small def) as an expression over the record */
  rowPredicate(a: Arg, construct: string): RowExpr;
  rowMapping(a: Arg, construct: string): RowMapping;
  window(v: PyValue, n: SyntaxNode, what: string): WindowSpec;
  pos(n: SyntaxNode): Pos;
  /** inside a function the script defines (a Glue Studio helper): the outermost call's function and line */
  callSite(): { fn: string; line: number; column: number } | undefined;
  /** the variable the current statement assigns, if any */
  target(): string | undefined;
  /** the Glue Studio node name waiting for the next node or sink */
  takeName(): string | undefined;
  addSink(sink: PlanSink): void;
  addPendingSink(sink: PendingSink): void;
  addPurge(p: PlanPurge): void;
  addLog(log: PlanLog): void;
  /** records an EvaluateDataQuality; returns its index in the plan */
  addDataQuality(dq: PlanDataQuality): number;
  addAssertion(a: PlanAssertion): void;
  /** spark.sql.legacy.timeParserPolicy for the whole job: refused once the script has made a frame */
  setTimeParserPolicy(policy: 'EXCEPTION' | 'CORRECTED', call: SyntaxNode, construct: string): void;
  /** spark.sql.sources.partitionOverwriteMode as the script has set it so far (Spark's default STATIC) */
  partitionOverwriteMode: 'STATIC' | 'DYNAMIC';
  /** temporary views registered by createOrReplaceTempView: name (lower case) → node id */
  readonly tempViews: Map<string, string>;
  /** calls a Python callable (a function the script defines, a builtin) */
  call(fn: PyValue, args: PyValue[], n: SyntaxNode): PyValue;
  /** calls a Python callable with positional and keyword arguments */
  callWith(fn: PyValue, args: CallArgs, fnNode: SyntaxNode): PyValue;
  /** text parts of values, for log lines */
  text(values: PyValue[], sep: string): LogPart[];
}

export interface CallCtx {
  host: Host;
  /** the construct as messages name it, e.g. `Filter.apply`, `df.withColumn` */
  construct: string;
  args: CallArgs;
  /** the object a method is called on */
  self?: PyValue;
  call: SyntaxNode;
  /** the arguments bound to the row's signature */
  bound(): Bound;
}

/** One row of a vocabulary table. */
export type CallSpec =
  | {
      /** parameters as data: `frame!, paths!, transformation_ctx, info~` (callArgs.ts) */
      sig: string;
      /** what the call becomes, for the "what runs" table: a plan node kind, `sink`, `log`, `value`, `ignored` */
      becomes: string;
      /** where AWS, Spark or Python documents it */
      doc?: string;
      run(c: CallCtx): PyValue;
    }
  | {
      sig?: string;
      /** why it cannot run locally (its effect depends on something the local engine does not have or do) */
      refuse: string;
      /** what to write instead */
      instead: string;
      doc?: string;
    };

export type Table = Record<string, CallSpec>;

/** Runs a row for a call, or throws its refusal naming the construct. */
export function runSpec(spec: CallSpec, host: Host, construct: string, args: CallArgs, self?: PyValue): PyValue {
  if ('refuse' in spec) throw refusal(host, args.call, construct, spec);
  const ctx: CallCtx = {
    host,
    construct,
    args,
    call: args.call,
    ...(self !== undefined ? { self } : {}),
    bound: () => bind(host, construct, sig(spec.sig), args),
  };
  return spec.run(ctx);
}

export function refusal(r: Reporter, n: SyntaxNode, construct: string, spec: { refuse: string; instead: string }): LakehouseError {
  return r.unsupported(n, construct, spec.refuse, spec.instead);
}
