/**
 * Parsed statements kept in the data folder (`<data>/cache/statements.bin`): what parseStatement (sql/statements.ts)
 * made of a statement that is not a query -- the DDL of `sql/` above all, which every `lakehouse tables` reads again
 * (its files' statements were parsed twice per process, by createTables to order them and by the engine to run
 * them: ~10 ms of CPU of a ~25 ms command's own work, the parser's code being cold in a new process).
 *
 * An entry is found only by a key that holds **every input of the parse**: the statement's text, as it is (not its
 * file's name or time: a file changed in any way is another text), and the options (where it starts in its file,
 * the default database). The parser is the key's too: entries are kept per build of the code (the bundles' build
 * id) and V8 (the file's format); a store without a build id (the TypeScript run from source, as the tests do unless
 * they give one) keeps nothing. A statement that does not parse is not kept: it is parsed again and fails the same
 * way, with its message. Queries are not looked up nor kept: the parser only reads their first words.
 *
 * It is a cache: written atomically but not fsynced when the engine closes, at most {@link MAX_STATEMENTS} entries
 * (the least recently used go first), and a file it cannot read is as good as none. Nothing in a key or an entry is
 * the data folder's: it can be given a **shared** one (a file per build in the user's cache folder, as the
 * translations are: planStore.ts sharedStoreFile), asked on a miss and given every entry -- so that a data folder made
 * anew (a new upload, another project with the same DDL) does not parse again.
 */
import { isQueryText, parseStatement, type ParsedStatement, type StatementOptions } from '../../sql/statements';
import { hashOf, KeptStore } from './keptStore';

export const MAX_STATEMENTS = 512;

/** the version of the key's form: a key of another form is another key */
const KEY_FORM = 'statement:v1';

/** A kept store (keptStore.ts) of parsed statements, written when the engine closes (save). */
export class StatementCache {
  private readonly store: KeptStore<unknown, ParsedStatement>;
  /** lookups that found a statement / found none, in this process */
  readonly stats = { hits: 0, misses: 0 };

  /** `build`: the build of the parsing code; undefined keeps nothing. `shared`: see the module comment. */
  constructor(
    readonly file: string,
    build: string | undefined,
    shared?: StatementCache,
    options: { userCache?: boolean } = {},
  ) {
    this.store = new KeptStore(file, build !== undefined ? `${build} v8 ${process.versions.v8}` : undefined, {
      hash: hashOf,
      max: MAX_STATEMENTS,
      shared: shared?.store,
      writes: 'on-settle',
      ...(options.userCache === true ? { sweepTemps: true } : {}),
    });
  }

  /** parseStatement(text, options), from the store when it holds the same text parsed with the same options */
  async parse(text: string, options: StatementOptions = {}): Promise<ParsedStatement> {
    // (a query: parsed from its first words, not worth reading the store's files for)
    if (!this.store.enabled || isQueryText(text, options)) return parseStatement(text, options);
    // the options as given (V8's serialization of them: two keys are the same only when built alike from the same values)
    const key = [KEY_FORM, text, options];
    const found = await this.store.get(key);
    if (found !== undefined) {
      this.stats.hits++;
      return found;
    }
    this.stats.misses++;
    const parsed = parseStatement(text, options);
    await this.store.set(key, parsed);
    return parsed;
  }

  /** Writes what was added since the last save (the engine is closing). */
  save(): Promise<void> {
    return this.store.settle();
  }
}
