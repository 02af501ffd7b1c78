#!/usr/bin/env node
// Runs the CLI compiled by `npm install` (the `prepare` script builds dist/). Without a build — a checkout installed
// with --ignore-scripts, or dist/ removed — it says so and loads the TypeScript sources through tsx instead, slower.
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli.js', import.meta.url);
let runCli;
if (existsSync(built)) {
  ({ runCli } = await import(built.href));
} else {
  process.stderr.write('duar: no build in dist/ (run `npm run build`); running from the TypeScript sources\n');
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../src/cli.ts'));
}
process.exitCode = await runCli(process.argv.slice(2));
