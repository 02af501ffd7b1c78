/**
 * A state machine's transitions table: each named move with the states it may start from and the states it may end in.
 * Every guarded UPDATE of that machine takes its `status in (…)` from `from`, so no call site writes its own list.
 */
export type Transitions<S extends string> = Record<string, { readonly from: readonly S[]; readonly to: readonly S[] }>;

/** Whether `move` may take a row from state `from` to state `to`. */
export function allows(move: { readonly from: readonly string[]; readonly to: readonly string[] }, from: string, to: string): boolean {
  return move.from.includes(from) && move.to.includes(to);
}
