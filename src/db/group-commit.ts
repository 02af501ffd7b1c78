import { idleSqlite, type Executor } from './index.js';

type Waiting = { sql: string; parameters: readonly unknown[]; run: () => Promise<void>; resolve: () => void; reject: (err: unknown) => void };

/** Writes not yet run are committed at once when this many wait. */
const MAX_BATCH = 200;

const waiting = new WeakMap<Executor, Waiting[]>();

/**
 * Writes that arrive together share one commit, on SQLite outside a transaction: a call waits for the end of the
 * event loop's current turn (setImmediate), by which every request whose bytes came in with it has called too, and then
 * all of them run in one `BEGIN IMMEDIATE … COMMIT`. A commit writes each page it changed once, so ten checkouts that
 * each touch the same index pages write them once, not ten times (ADR 044). Each call is answered after the commit that
 * holds it, as it was after its own: nothing is answered before it is on disk as far as `synchronous = NORMAL` goes.
 * A statement that fails (a constraint) is undone alone, as SQLite undoes a failing statement inside a transaction, and
 * only its caller hears of it; a failure that ends the transaction (I/O, a full disk) or the commit fails them all.
 * `run` is the write on its own: used at once elsewhere (PostgreSQL, inside a transaction), and for each write still
 * waiting when a Kysely transaction is open on the connection at the end of the turn (it then runs after that one).
 */
export function commitTogether(db: Executor, sql: string, parameters: readonly unknown[], run: () => Promise<void>): Promise<void> {
  if (!idleSqlite(db)) return run();
  return new Promise((resolve, reject) => {
    let batch = waiting.get(db);
    if (!batch) {
      const fresh: Waiting[] = [];
      waiting.set(db, fresh);
      setImmediate(() => commit(db, fresh));
      batch = fresh;
    }
    batch.push({ sql, parameters, run, resolve, reject });
    if (batch.length >= MAX_BATCH) commit(db, batch);
  });
}

function commit(db: Executor, batch: Waiting[]): void {
  if (waiting.get(db) !== batch) return; // already committed
  waiting.delete(db);
  const connection = idleSqlite(db);
  if (!connection) {
    for (const w of batch) w.run().then(w.resolve, w.reject);
    return;
  }
  // Alone, it commits as it would have without this: one statement, no BEGIN and COMMIT around it.
  const transaction = batch.length > 1;
  const failed = new Map<Waiting, unknown>();
  try {
    if (transaction) connection.prepare('BEGIN IMMEDIATE').run();
    for (const w of batch) {
      try {
        connection.prepare(w.sql).run(w.parameters);
      } catch (err) {
        if (!connection.sqlite.inTransaction) throw err; // alone, or SQLite ended the transaction: nothing of it stays
        failed.set(w, err);
      }
    }
    if (transaction) connection.prepare('COMMIT').run();
  } catch (err) {
    if (connection.sqlite.inTransaction) connection.prepare('ROLLBACK').run();
    for (const w of batch) w.reject(err);
    return;
  }
  for (const w of batch) {
    if (failed.has(w)) w.reject(failed.get(w));
    else w.resolve();
  }
}
