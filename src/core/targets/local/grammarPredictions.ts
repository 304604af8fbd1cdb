/**
 * The SQL grammars' prediction caches kept in the data folder (`<data>/cache/<grammar>-predictions.bin`), so that a
 * process translating SQL — every `lakehouse query` — starts with what earlier processes' parsers learnt instead of
 * paying ANTLR's first predictions again (hundreds of milliseconds of CPU with Trino's grammar:
 * src/core/sql/dialects/predictionCache.ts says what is kept and why it changes no parse). Kept per build, like the
 * job plans (planStore.ts): the build id covers the grammar's package through the lock file; a process run from
 * source (no build id) keeps nothing. A cache: written atomically, not fsynced, and a file it cannot read is as good
 * as none. The build ships a first one per grammar (its warm-up statements parsed), read until the data folder has
 * its own.
 */
import { promises as fs } from 'node:fs';
import { writeFileAtomic } from './fsutil';
import { BUILD_ID } from './planStore';

export interface PredictingGrammar {
  restorePredictions(bytes: Uint8Array): boolean;
  predictionSnapshot(): Uint8Array | undefined;
}

const header = (build: string): Buffer => Buffer.from(`lakehouse grammar predictions ${build}\n`);

/** A file of predictions for `build` (the build writes the ones it ships next to the bundles: scripts/build.mjs). */
export function predictionFile(build: string, snapshot: Uint8Array): Buffer {
  return Buffer.concat([header(build), snapshot]);
}

export class GrammarPredictions {
  /**
   * `build`: the build of the code (the grammar's with it); undefined keeps nothing. `shipped`: the file the build
   * made (the grammar's warm-up statements learnt), read when the data folder has none for this build yet.
   */
  constructor(
    readonly file: string,
    private readonly build: string | undefined = BUILD_ID,
    private readonly shipped?: string,
  ) {}

  /**
   * Gives `grammar` what the file (or else the shipped one) holds for this build. True when one was restored: the
   * grammar then knows its warm-up statements already (the shipped file learnt them, and a data folder's file holds
   * what it was restored from).
   */
  async restore(grammar: PredictingGrammar): Promise<boolean> {
    if (this.build === undefined) return false;
    for (const file of [this.file, ...(this.shipped !== undefined ? [this.shipped] : [])]) {
      let data: Buffer;
      try {
        data = await fs.readFile(file);
      } catch {
        continue;
      }
      const h = header(this.build);
      if (data.length > h.length && data.subarray(0, h.length).equals(h) && grammar.restorePredictions(data.subarray(h.length))) return true;
    }
    return false;
  }

  /** Keeps what `grammar` learnt, if it learnt anything since it was restored. */
  async save(grammar: PredictingGrammar): Promise<void> {
    if (this.build === undefined) return;
    const snapshot = grammar.predictionSnapshot();
    if (!snapshot) return;
    await writeFileAtomic(this.file, predictionFile(this.build, snapshot), { fsync: false }).catch(() => undefined);
  }
}
