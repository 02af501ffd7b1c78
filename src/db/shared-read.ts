import { idleSqlite, postgresPool, type Executor } from './index.js';

type Waiting<Arg, Result> = { arg: Arg; resolve: (found: Result | undefined) => void; reject: (err: unknown) => void };

/** Reads not yet sent are sent at once when this many wait. */
const MAX_BATCH = 200;

/**
 * A read by key that requests arriving together share, outside a transaction: a call waits for the end of the event
 * loop's current turn (setImmediate), by which every request whose bytes came in with it has called too. On PostgreSQL
 * `readMany` answers all of them in one round trip (keyed by `keyOf`; a key it leaves out answers undefined); on SQLite
 * `readOne` answers each of them inside one read transaction, which takes SQLite's read lock once for all (ADR 046).
 * Every call is still answered from a read made after it was made, so it sees everything committed before (ADR 003,
 * ADR 042). Inside a transaction `readOne` answers each call alone, at once.
 */
export function sharedRead<Arg, Result>(
  readOne: (db: Executor, arg: Arg) => Promise<Result | undefined>,
  readMany: (db: Executor, args: readonly Arg[]) => Promise<Map<string, Result>>,
  keyOf: (arg: Arg) => string,
) {
  const waiting = new WeakMap<object, Waiting<Arg, Result>[]>();

  function send(db: Executor, batch: Waiting<Arg, Result>[]): void {
    if (waiting.get(db) !== batch) return; // already sent
    waiting.delete(db);
    const answer = (w: Waiting<Arg, Result>) => readOne(db, w.arg).then(w.resolve, w.reject);
    if (!postgresPool(db)) {
      // SQLite: one read transaction for the batch; a transaction opened meanwhile makes each read wait for it, through Kysely.
      const sqlite = idleSqlite(db);
      if (!sqlite || batch.length === 1) batch.forEach(answer);
      else {
        try {
          sqlite.readTogether(() => batch.forEach(answer));
        } catch (err) {
          for (const w of batch) w.reject(err); // BEGIN or COMMIT failed: no answer is given from it
        }
      }
      return;
    }
    const args = new Map(batch.map((w) => [keyOf(w.arg), w.arg]));
    readMany(db, [...args.values()]).then(
      (found) => {
        for (const w of batch) w.resolve(found.get(keyOf(w.arg)));
      },
      (err: unknown) => {
        for (const w of batch) w.reject(err);
      },
    );
  }

  return function read(db: Executor, arg: Arg): Promise<Result | undefined> {
    if (!postgresPool(db) && !idleSqlite(db)) return readOne(db, arg);
    return new Promise((resolve, reject) => {
      let batch = waiting.get(db);
      if (!batch) {
        const fresh: Waiting<Arg, Result>[] = [];
        waiting.set(db, fresh);
        setImmediate(() => send(db, fresh));
        batch = fresh;
      }
      batch.push({ arg, resolve, reject });
      if (batch.length >= MAX_BATCH) send(db, batch);
    });
  };
}
