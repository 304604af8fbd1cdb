/**
 * The SQL grammars' prediction caches kept in the data folder (`<data>/cache/<grammar>-predictions.bin`), so that a
 * process translating SQL — every `lakehouse query` — starts with what earlier processes' parsers learnt instead of
 * paying ANTLR's first predictions again (hundreds of milliseconds of CPU with Trino's grammar:
 * src/core/sql/dialects/predictionCache.ts says what is kept and why it changes no parse). Kept per build, like the
 * job plans (planStore.ts): the build id covers the grammar's package through the lock file; a process run from
 * source (no build id) keeps nothing. A cache: written atomically, not fsynced, and a file it cannot read is as good
 * as none.
 */
import { promises as fs } from 'node:fs';
import { writeFileAtomic } from './fsutil';
import { BUILD_ID } from './planStore';

export interface PredictingGrammar {
  restorePredictions(bytes: Uint8Array): boolean;
  predictionSnapshot(): Uint8Array | undefined;
}

const HEADER = 'lakehouse grammar predictions';

export class GrammarPredictions {
  private readonly header: Buffer;

  /** `build`: the build of the code (the grammar's with it); undefined keeps nothing */
  constructor(
    readonly file: string,
    private readonly build: string | undefined = BUILD_ID,
  ) {
    this.header = Buffer.from(`${HEADER} ${build ?? ''}\n`);
  }

  /** Gives `grammar` what the file holds for this build (nothing when there is no such file). */
  async restore(grammar: PredictingGrammar): Promise<void> {
    if (this.build === undefined) return;
    let data: Buffer;
    try {
      data = await fs.readFile(this.file);
    } catch {
      return;
    }
    if (data.length <= this.header.length || !data.subarray(0, this.header.length).equals(this.header)) return;
    grammar.restorePredictions(data.subarray(this.header.length));
  }

  /** Keeps what `grammar` learnt, if it learnt anything since it was restored. */
  async save(grammar: PredictingGrammar): Promise<void> {
    if (this.build === undefined) return;
    const snapshot = grammar.predictionSnapshot();
    if (!snapshot) return;
    await writeFileAtomic(this.file, Buffer.concat([this.header, snapshot]), { fsync: false }).catch(() => undefined);
  }
}
