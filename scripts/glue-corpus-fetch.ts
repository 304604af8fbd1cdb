/**
 * Puts the public Glue job scripts (and DDL) of the proof corpus (test/fixtures/glue-public/corpus.json) in place:
 * each file is read from a git copy of its repository at the recorded commit, checked against its recorded blob
 * id, and written unchanged to `test/fixtures/glue-public/<owner>__<repo>/upstream/<path>` (not committed: the
 * files belong to their authors; corpus.json records where each comes from).
 *
 *   node --import tsx scripts/glue-corpus-fetch.ts [--mirror DIR]
 *
 * DIR holds one bare git repository per public repository, at `DIR/<owner>+<repo>/repo` or `DIR/<owner>+<repo>/repo/.git`
 * (the layouts of the workplace's snapshot mirror; default $GLUE_CORPUS_MIRROR, else /work/.mirror). Without one:
 *   git clone --bare https://github.com/<owner>/<repo> DIR/<owner>+<repo>/repo
 */
import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CORPUS_DIR, loadCorpus, upstreamFile, type CorpusFile } from '../test/runner/publicCorpus';

function gitBlob(gitDir: string, commit: string, file: string): Buffer {
  return execFileSync('git', ['--git-dir', gitDir, 'show', `${commit}:${file}`], { maxBuffer: 64 * 1024 * 1024 });
}

function blobId(content: Buffer): string {
  return execFileSync('git', ['hash-object', '--stdin'], { input: content }).toString().trim();
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--mirror');
  const mirror = at >= 0 ? argv[at + 1] : (process.env['GLUE_CORPUS_MIRROR'] ?? '/work/.mirror');
  if (mirror === undefined || mirror === '') throw new Error('--mirror needs a folder');
  const corpus = loadCorpus();
  const missing: string[] = [];
  let written = 0;
  for (const p of corpus.projects) {
    const repoDir = path.join(mirror, p.repository.replace('/', '+'), 'repo');
    const gitDir = existsSync(path.join(repoDir, '.git')) ? path.join(repoDir, '.git') : repoDir;
    if (!existsSync(gitDir)) {
      missing.push(p.repository);
      continue;
    }
    const files: CorpusFile[] = [...p.scripts, ...(p.ddl ?? [])];
    for (const f of files) {
      const content = gitBlob(gitDir, p.commit, f.path);
      const id = blobId(content);
      if (id !== f.blob) throw new Error(`${p.repository}@${p.commit}:${f.path}: blob ${id}, corpus.json records ${f.blob}`);
      const out = upstreamFile(p, f.path);
      await fs.mkdir(path.dirname(out), { recursive: true });
      await fs.writeFile(out, content);
      written++;
    }
  }
  process.stderr.write(`${written} file(s) written under ${path.relative(process.cwd(), CORPUS_DIR)}/*/upstream/\n`);
  if (missing.length > 0) {
    process.stderr.write(`no git copy in ${mirror} of: ${missing.join(', ')}\n(git clone --bare https://github.com/<owner>/<repo> ${mirror}/<owner>+<repo>/repo)\n`);
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
