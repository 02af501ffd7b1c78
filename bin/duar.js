#!/usr/bin/env node
// Loads the TypeScript CLI through tsx, so `npx duar …` works in a checkout without a build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
