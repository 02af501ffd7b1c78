import { Command } from 'commander';
import type { CliCommand } from './context.js';

/** `duar serve`: runs until a signal (src/server.ts stops it in order and exits). */
export const serveCommand: CliCommand = (cli) =>
  new Command('serve').description('start the server (migrates first)').action(async () => {
    const { serve } = await import('../server.js');
    await serve(await cli.config());
    await new Promise(() => {});
  });
