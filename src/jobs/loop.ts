/** Where a job's failed run is reported; `app.log` fits. */
export type JobLog = { warn(obj: object, msg: string): void };

export type LoopOptions = {
  /** Names the job in its failure log line. */
  name: string;
  /** The pause between the end of one run and the start of the next. */
  intervalMs: number;
  /** Run as soon as the loop starts; by default the first run waits one interval. */
  runAtStart?: boolean;
  log: JobLog;
};

/** A started job: `stop()` resolves once the run in flight, if any, has ended. */
export type Loop = { start(): void; stop(): Promise<void> };

/**
 * The one way background work runs (docs/decisions/070-job-loop-and-shutdown.md): `run` is called every `intervalMs`,
 * counted from the end of the previous run, so a run never overlaps itself however long it takes; a failed run is
 * logged and the loop goes on. `stop()` cancels the next run, aborts the signal the current one was given (a run that
 * drains a queue stops taking new work) and waits for it, so whatever it claimed is recorded before the database
 * closes. Timers are unref'd: a loop never keeps the process alive on its own.
 */
export function loop(run: (signal: AbortSignal) => Promise<unknown>, { name, intervalMs, runAtStart = false, log }: LoopOptions): Loop {
  let stopped = true;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopping = new AbortController();

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(tick, delayMs);
    timer.unref();
  }

  function tick(): void {
    timer = null;
    if (stopped) return;
    const { signal } = stopping;
    running = Promise.resolve()
      .then(() => run(signal))
      .then(
        () => {},
        (err: Error) => log.warn({ job: name, err: { name: err?.name, message: err?.message } }, `${name} failed; it runs again in ${intervalMs} ms`),
      )
      .finally(() => {
        running = null;
        schedule(intervalMs);
      });
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      stopping = new AbortController();
      // Started again before an earlier stop's run ended: that run schedules the next one when it ends.
      if (!running) schedule(runAtStart ? 0 : intervalMs);
    },
    async stop() {
      stopped = true;
      stopping.abort();
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
