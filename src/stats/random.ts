/**
 * A small seeded generator so that every resampling in calib (cross-fitting folds, bootstrap,
 * consistency resampling) is reproducible from `--seed`. xoshiro128** (Blackman & Vigna 2018,
 * "Scrambled linear pseudorandom number generators"), seeded through splitmix32 so that nearby
 * seeds give unrelated streams. Not cryptographic; fast and well distributed.
 */
export interface Random {
  /** Uniform double in [0, 1) with 32 bits of randomness. */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /**
   * Fills `out` with the next `out.length` raw 32-bit draws: the same stream as that many calls
   * of `next()` (each is `out[j] / 2^32`), several times faster for the long runs of draws that
   * resampling makes (one per row).
   */
  fill(out: Uint32Array): void;
}

export function createRandom(seed: number): Random {
  let s = (Math.trunc(seed) >>> 0) ^ 0x9e3779b9;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  // The state lives in an Int32Array: V8 keeps it unboxed there, which makes a draw several
  // times cheaper than four captured `let` numbers (resampling makes one draw per row).
  const state = Int32Array.of(splitmix(), splitmix(), splitmix(), splitmix());
  if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) state[0] = 1;
  const nextUint32 = (): number => {
    const s1 = state[1]!;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    state[2]! ^= state[0]!;
    state[3]! ^= s1;
    state[1]! ^= state[2]!;
    state[0]! ^= state[3]!;
    state[2]! ^= t;
    state[3] = rotl(state[3]!, 11);
    return result;
  };
  const fill = (out: Uint32Array): void => {
    // nextUint32 with the state in locals (registers) for the whole run.
    let s0 = state[0]!, s1 = state[1]!, s2 = state[2]!, s3 = state[3]!;
    for (let j = 0; j < out.length; j++) {
      out[j] = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
    }
    state[0] = s0; state[1] = s1; state[2] = s2; state[3] = s3;
  };
  return {
    next: () => nextUint32() / 4294967296,
    int: (n: number) => Math.floor((nextUint32() / 4294967296) * n),
    fill,
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Fisher-Yates shuffle in place. */
export function shuffleInPlace(values: Int32Array, random: Random): Int32Array {
  for (let i = values.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const tmp = values[i]!;
    values[i] = values[j]!;
    values[j] = tmp;
  }
  return values;
}
