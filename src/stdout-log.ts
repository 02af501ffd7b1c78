import sonicBoom from 'sonic-boom';

// sonic-boom's types declare an ES default export; at run time the CommonJS module itself is the class.
const SonicBoom = sonicBoom as unknown as typeof import('sonic-boom').SonicBoom;

/** What is logged while stdout does not drain waits in memory up to this size; later lines are dropped. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/**
 * The server's log destination: standard output through sonic-boom, asynchronous as pino writes by default, but
 * without pino's exit hook. That hook flushes synchronously at `process.exit` and retries for ever while nothing
 * drains stdout: a server given SIGTERM once closed its database and then hung there because the process reading its
 * output had stopped. Here `close()` flushes with a deadline instead, a stalled reader costs at most
 * MAX_BUFFERED_BYTES of memory, and a reader that went away (EPIPE) ends logging rather than the server.
 */
export function stdoutLog() {
  const out = new SonicBoom({ fd: 1, maxLength: MAX_BUFFERED_BYTES });
  let open = true;
  out.on('error', () => {
    open = false;
  });
  return {
    /** For pino (Fastify's `logger.stream`). */
    stream: {
      write(line: string) {
        if (open) out.write(line);
      },
    },
    /** Writes out what is buffered; resolves when it is written or after `deadlineMs`, whichever comes first. */
    close(deadlineMs: number): Promise<void> {
      if (!open) return Promise.resolve();
      open = false;
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, deadlineMs);
        out.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        out.end();
      });
    },
  };
}
