export type DrainOptions<C> = {
  /** Claims up to `limit` due items (a lease each); fewer than asked means nothing more is due now. */
  claim: (limit: number) => Promise<C[]>;
  /** Sends one claimed item and records the outcome. */
  send: (claimed: C) => Promise<void>;
  /** A send whose outcome could not be recorded: its lease runs out and it is sent again (at least once). */
  failed: (claimed: C, err: Error) => void;
  /** Most sends in flight at once. */
  concurrency: number;
  /** Once aborted (the loop is stopping), nothing more is claimed; the sends in flight are still awaited. */
  signal?: AbortSignal;
};

/**
 * One run of an outbox worker (IPNs, alerts): claims what is due, keeps up to `concurrency` sends in flight, and claims
 * again as each one ends while more is due, so a backlog drains at the receivers' pace instead of one batch per poll
 * (docs/decisions/041-hot-path-and-ipn-throughput.md). Resolves with how many it sent, once every outcome is recorded.
 */
export async function drain<C>({ claim, send, failed, concurrency, signal }: DrainOptions<C>): Promise<number> {
  let inFlight = 0;
  let sent = 0;
  let more = true;
  let wake = () => {};
  for (;;) {
    const free = concurrency - inFlight;
    if (more && free > 0 && !signal?.aborted) {
      const claimed = await claim(free);
      more = claimed.length === free;
      sent += claimed.length;
      inFlight += claimed.length;
      for (const c of claimed) {
        send(c)
          .catch((err: Error) => failed(c, err))
          .finally(() => {
            inFlight--;
            wake();
          });
      }
    }
    if (inFlight === 0) return sent;
    if (!more || free === 0 || signal?.aborted) await new Promise<void>((resolve) => (wake = resolve));
  }
}
