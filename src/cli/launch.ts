/**
 * The `lakehouse` command's entry point (dist/cli.js): as little as possible runs before a command's own code.
 * `lakehouse --version` is answered here, without loading the program; any other command line loads the program
 * (src/cli/main.ts, bundled apart as dist/cli-main.js by scripts/build.mjs) and runs it.
 */
import { VERSION } from './version';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) process.stdout.write(`${VERSION}\n`);
else {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { main } = require('./main') as typeof import('./main');
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
