/**
 * Hadoop glob patterns in the paths Spark reads (`spark.read.json("s3://b/*.json")`,
 * `spark.read.parquet(prefix + "/LOAD*.parquet")`): Spark's DataFrameReader expands a path holding one of `*?[{\`
 * with Hadoop's FileSystem.globStatus (DataSource.checkAndGlobPathIfNecessary), then reads each matched file, and the
 * files under each matched folder as it reads a folder. Hadoop matches the pattern one path component at a time
 * (Globber), each component a GlobPattern (org.apache.hadoop.fs.GlobPattern):
 *   `*` any characters, `?` one character (neither crosses a "/"), `[abc]` `[a-z]` a set, `[^a]` `[!a]` its
 *   complement, `{a,b}` either (nested allowed), `\c` the character c itself.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { DataFile } from './jsonKeys';
import { listDataFiles } from './tableSource';

/** Whether an S3 key (or one of its components) is a glob pattern Spark expands. */
export function isGlob(key: string): boolean {
  return /[*?[{\\]/.test(key);
}

/** One path component's GlobPattern as an anchored regular expression. */
export function globComponentRegExp(glob: string): RegExp {
  let re = '';
  let inSet = false;
  let curly = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '\\') {
      const next = glob[++i];
      if (next === undefined) throw new Error(`glob pattern ${JSON.stringify(glob)} ends with "\\"`);
      re += escapeRegExp(next);
      continue;
    }
    if (inSet) {
      if (c === ']') inSet = false;
      re += c === '[' ? '\\[' : c;
      continue;
    }
    switch (c) {
      case '*':
        re += '[^/]*';
        break;
      case '?':
        re += '[^/]';
        break;
      case '[':
        if (!glob.includes(']', i + 1)) throw new Error(`glob pattern ${JSON.stringify(glob)}: "[" without "]"`);
        inSet = true;
        re += '[';
        if (glob[i + 1] === '!' || glob[i + 1] === '^') {
          re += '^';
          i++;
        }
        break;
      case '{':
        curly++;
        re += '(?:';
        break;
      case '}':
        if (curly === 0) re += '\\}';
        else {
          curly--;
          re += ')';
        }
        break;
      case ',':
        re += curly > 0 ? '|' : ',';
        break;
      default:
        re += escapeRegExp(c);
    }
  }
  if (curly > 0) throw new Error(`glob pattern ${JSON.stringify(glob)}: "{" without "}"`);
  return new RegExp(`^${re}$`, 's');
}

function escapeRegExp(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

/**
 * The data files a glob path names: `root` is the local folder of the bucket, `key` the pattern after `s3://bucket/`.
 * Components without a glob character are taken as they are; the others match the names of a folder's entries
 * (hidden entries, "." or "_" first, never). A matched file is read; a matched folder gives the files under it.
 * Symbolic links are not followed, whether a pattern or a plain component names them: the store holds no links, and
 * one placed in the bucket's folder must not lead a read outside it.
 */
export async function globDataFiles(root: string, key: string): Promise<DataFile[]> {
  const parts = key.split('/').filter((p) => p !== '');
  let dirs = [root];
  const out = new Map<string, DataFile>();
  for (const [i, part] of parts.entries()) {
    const last = i === parts.length - 1;
    const next: string[] = [];
    for (const dir of dirs) {
      if (!isGlob(part)) {
        // a link is not followed, as the store does not follow links (an object is a file of the bucket's folder)
        const p = path.join(dir, part);
        if ((await fs.lstat(p).catch(() => undefined))?.isSymbolicLink() !== true) next.push(p);
        continue;
      }
      const re = globComponentRegExp(part);
      const entries = await fs.readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return [];
        throw e;
      });
      for (const ent of entries) if (!ent.isSymbolicLink() && !ent.name.startsWith('.') && !ent.name.startsWith('_') && re.test(ent.name)) next.push(path.join(dir, ent.name));
    }
    dirs = next;
    if (last)
      for (const p of dirs) {
        const st = await fs.lstat(p).catch(() => undefined);
        if (st?.isFile()) {
          if (st.size > 0 && !path.basename(p).startsWith('.') && !path.basename(p).startsWith('_')) out.set(p, { path: p, size: st.size, mtimeMs: st.mtimeMs });
        } else if (st?.isDirectory()) for (const f of await listDataFiles(p)) out.set(f.path, f);
      }
  }
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
