import { randomInt } from 'node:crypto';

/** mulberry32: a tiny seeded generator, so a failure reproduces exactly. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Seeded = {
  seed: number;
  /** A number in [0, 1). */
  next: () => number;
  /** A whole number from `min` to `max`, both included. */
  int: (min: number, max: number) => number;
  /** Another stream drawn from this one: each concurrent task takes its own, so their draws do not interleave. */
  fork: () => Seeded;
};

function streamOf(seed: number): Seeded {
  const next = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return { seed, next, int, fork: () => streamOf(int(0, 2 ** 31 - 1)) };
}

/**
 * The randomness of a test that varies from run to run: a fresh seed each run, or the one `envName` names. The seed is
 * printed, so a failing run is replayed with `envName=<seed>`.
 */
export function seededRandom(envName: string): Seeded {
  const given = process.env[envName];
  if (given !== undefined && !/^\d+$/.test(given)) throw new Error(`${envName} must be a whole number, such as ${envName}=12345`);
  const seed = given === undefined ? randomInt(2 ** 31) : Number(given);
  console.log(`${envName}=${seed} (set it to replay this run)`);
  return streamOf(seed);
}
