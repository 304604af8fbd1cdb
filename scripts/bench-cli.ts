/**
 * Whole `lakehouse` processes, as a user runs them: one command timed from spawn to exit, for one or more builds of
 * the CLI, interleaved (A, B, A, B …) so that a busy machine weighs on each alike; prints each build's median,
 * quartiles and range.
 *
 *   node --import tsx scripts/bench-cli.ts --cli dist/cli.js --cli /tmp/old/dist/cli.js --reps 21 -- \
 *     --dir /tmp/stedi query "SELECT count(*) FROM accelerometer_trusted"
 *
 * Everything after `--` is the command line given to each CLI. Two warm-up runs per build are not counted.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

function parse(argv: string[]): { clis: string[]; reps: number; args: string[] } {
  const sep = argv.indexOf('--');
  if (sep < 0) throw new Error('usage: bench-cli.ts --cli FILE [--cli FILE …] [--reps N] -- <lakehouse arguments>');
  const own = argv.slice(0, sep);
  const clis: string[] = [];
  let reps = 15;
  for (let i = 0; i < own.length; i++) {
    if (own[i] === '--cli') clis.push(path.resolve(own[++i]!));
    else if (own[i] === '--reps') reps = Number(own[++i]);
    else throw new Error(`unknown option ${own[i]}`);
  }
  if (clis.length === 0 || !Number.isInteger(reps) || reps < 1) throw new Error('give at least one --cli and a whole --reps');
  return { clis, reps, args: argv.slice(sep + 1) };
}

function once(cli: string, args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, '-q', ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cli} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return ms;
}

function quantile(sorted: number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  return sorted[lo]! + (sorted[Math.ceil(i)]! - sorted[lo]!) * (i - lo);
}

const { clis, reps, args } = parse(process.argv.slice(2));
const times = clis.map(() => [] as number[]);
for (const cli of clis) for (let w = 0; w < 2; w++) once(cli, args);
for (let r = 0; r < reps; r++) clis.forEach((cli, i) => times[i]!.push(once(cli, args)));
clis.forEach((cli, i) => {
  const t = [...times[i]!].sort((a, b) => a - b);
  const f = (x: number) => `${Math.round(x)} ms`;
  process.stdout.write(`${cli}\n  median ${f(quantile(t, 0.5))}, quartiles ${f(quantile(t, 0.25))}–${f(quantile(t, 0.75))}, range ${f(t[0]!)}–${f(t[t.length - 1]!)} (${reps} runs)\n`);
});
