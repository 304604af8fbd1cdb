import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { getPythonParser } from '../../src/core/jobs/python';

const ROOT = path.join(__dirname, '..', '..');

describe('getPythonParser', () => {
  it('parses Python and is created once', async () => {
    const parser = await getPythonParser();
    assert.equal(await getPythonParser(), parser);
    const tree = parser.parse('q = """\nselect 1\n"""\n')!;
    try {
      const assignment = tree.rootNode.firstNamedChild!.firstNamedChild!;
      assert.equal(assignment.type, 'assignment');
      assert.equal(assignment.childForFieldName('right')!.type, 'string');
      assert.equal(tree.rootNode.hasError, false);
    } finally {
      tree.delete();
    }
  });

  it('works from a CommonJS esbuild bundle with the .wasm files next to it (as in dist/)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lakehouse-python-bundle-'));
    try {
      const entry = path.join(dir, 'entry.ts');
      await writeFile(
        entry,
        `import { getPythonParser } from ${JSON.stringify(path.join(ROOT, 'src', 'core', 'jobs', 'python'))};
getPythonParser().then((p) => { process.stdout.write(p.parse('x = 1\\n')!.rootNode.toString()); });`,
      );
      // the options scripts/build.mjs bundles with
      await esbuild.build({ entryPoints: [entry], outfile: path.join(dir, 'out', 'bundle.js'), bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'], logLevel: 'silent' });
      await copyFile(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), path.join(dir, 'out', 'web-tree-sitter.wasm'));
      await copyFile(path.join(path.dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'), path.join(dir, 'out', 'tree-sitter-python.wasm'));
      // run outside the project so node_modules cannot be found: only the copies next to the bundle can serve
      const { stdout } = await promisify(execFile)(process.execPath, [path.join(dir, 'out', 'bundle.js')], { cwd: dir });
      assert.equal(stdout, '(module (expression_statement (assignment left: (identifier) right: (integer))))');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
