import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** Real `duar serve` processes for the tests that signal them: the sources under test, through tsx (not dist/, which may be older). */
const CLI_SOURCE = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export type ServerProcess = {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Everything it printed so far (stdout and stderr), while stdout is read. */
  output: () => string;
  /** Resolves once `text` has been printed. */
  printed: (text: string) => Promise<void>;
};

export function startServer(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_SOURCE, 'serve'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiting: { text: string; resolve: () => void }[] = [];
  const append = (chunk: Buffer) => {
    output += chunk;
    for (const w of waiting.filter((x) => output.includes(x.text))) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    printed: (text) =>
      output.includes(text)
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolve) => waiting.push({ text, resolve })),
            exited.then((code) => {
              throw new Error(`duar serve exited with ${code} before printing "${text}":\n${output}`);
            }),
          ]),
  };
}

/** Resolves once the server prints its start banner (it prints it after it listens). */
export const running = (server: ServerProcess) => server.printed('Duar is running');
