import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { loop } from '../../src/jobs/loop.js';

/**
 * The job loop on the test clock (node:test's mock timers): time moves only when a test ticks it, so "not yet" and
 * "never twice at once" are asserted exactly, without sleeping and hoping.
 */
const INTERVAL = 1000;

/** Lets every promise callback that is ready run (setImmediate is not mocked). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A job whose runs are counted and, when `hold` is set, stay in flight until released. */
function countingJob() {
  const job = { runs: 0, inFlight: 0, mostAtOnce: 0, finished: 0, hold: false, release: () => {} };
  const run = async () => {
    job.runs++;
    job.inFlight++;
    job.mostAtOnce = Math.max(job.mostAtOnce, job.inFlight);
    if (job.hold) await new Promise<void>((resolve) => (job.release = resolve));
    job.inFlight--;
    job.finished++;
  };
  return { job, run };
}

function testClock(t: TestContext) {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  return async (ms: number) => {
    t.mock.timers.tick(ms);
    await settle();
  };
}

const quiet = { warn() {} };

test('a started loop runs one interval after start, then one interval after each run ends', async (t) => {
  const tick = testClock(t);
  const { job, run } = countingJob();
  const every = loop(run, { name: 'test job', intervalMs: INTERVAL, log: quiet });
  every.start();
  await tick(INTERVAL - 1);
  assert.equal(job.runs, 0, 'not before the first interval');
  await tick(1);
  assert.equal(job.runs, 1);
  await tick(INTERVAL - 1);
  assert.equal(job.runs, 1);
  await tick(1);
  assert.equal(job.runs, 2);
  for (let i = 0; i < 5; i++) await tick(INTERVAL);
  assert.equal(job.runs, 7, 'one run per interval');
  await every.stop();
});

test('runAtStart runs at once, and a second start() does not add a second schedule', async (t) => {
  const tick = testClock(t);
  const { job, run } = countingJob();
  const every = loop(run, { name: 'test job', intervalMs: INTERVAL, runAtStart: true, log: quiet });
  every.start();
  every.start();
  await tick(0);
  assert.equal(job.runs, 1);
  await tick(INTERVAL);
  assert.equal(job.runs, 2);
  await every.stop();
});

test('a run never overlaps the previous one: the next interval counts from its end', async (t) => {
  const tick = testClock(t);
  const { job, run } = countingJob();
  job.hold = true;
  const every = loop(run, { name: 'test job', intervalMs: INTERVAL, runAtStart: true, log: quiet });
  every.start();
  await tick(0);
  assert.equal(job.runs, 1);
  await tick(INTERVAL * 20);
  assert.equal(job.runs, 1, 'twenty intervals pass while the first run is in flight: no second run');
  job.hold = false;
  job.release();
  await settle();
  await tick(INTERVAL - 1);
  assert.equal(job.runs, 1, 'the interval starts when the run ends');
  await tick(1);
  assert.equal(job.runs, 2);
  assert.equal(job.mostAtOnce, 1);
  await every.stop();
});

test('stop() waits for the run in flight and no run starts after it', async (t) => {
  const tick = testClock(t);
  const { job, run } = countingJob();
  job.hold = true;
  const every = loop(run, { name: 'test job', intervalMs: INTERVAL, log: quiet });
  every.start();
  await tick(INTERVAL);
  assert.equal(job.inFlight, 1);
  let stopped = false;
  const stopping = every.stop().then(() => (stopped = true));
  await settle();
  assert.equal(stopped, false, 'stop() is still waiting for the run');
  job.release();
  await stopping;
  assert.equal(job.finished, 1, 'the run had ended when stop() resolved');
  await tick(INTERVAL * 10);
  assert.equal(job.runs, 1, 'nothing runs after stop()');
  await every.stop();
});

test('stop() before any run resolves at once, and start() after stop() runs again', async (t) => {
  const tick = testClock(t);
  const { job, run } = countingJob();
  const every = loop(run, { name: 'test job', intervalMs: INTERVAL, log: quiet });
  await every.stop();
  every.start();
  await every.stop();
  await tick(INTERVAL * 3);
  assert.equal(job.runs, 0);
  every.start();
  await tick(INTERVAL);
  assert.equal(job.runs, 1);
  await every.stop();
});

test('a failed run is logged with the job name and the loop goes on', async (t) => {
  const tick = testClock(t);
  const logged: { obj: object; msg: string }[] = [];
  let calls = 0;
  const every = loop(
    async () => {
      calls++;
      if (calls === 1) throw new Error('database is locked');
    },
    { name: 'flaky job', intervalMs: INTERVAL, log: { warn: (obj, msg) => logged.push({ obj, msg }) } },
  );
  every.start();
  await tick(INTERVAL);
  assert.equal(logged.length, 1);
  assert.match(logged[0]!.msg, /^flaky job failed/);
  assert.deepEqual(logged[0]!.obj, { job: 'flaky job', err: { name: 'Error', message: 'database is locked' } });
  await tick(INTERVAL);
  assert.equal(calls, 2, 'the next run happens on time');
  assert.equal(logged.length, 1);
  await every.stop();
});
