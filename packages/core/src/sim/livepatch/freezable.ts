/**
 * Which kthreads have freezer points (kGraft safe points, TASK_FREEZABLE sleeps): 1 = freezable. [I] A fixed,
 * evenly spread share `nonFreezableShare` of the kthreads is not: kthread k (0-based) is non-freezable iff
 * ⌊(k + 1)·s⌋ > ⌊k·s⌋, so exactly ⌊nKthread·s⌋ are, with no randomness (the same in every trial and model).
 */
export function freezableMask(nTasks: number, nUser: number, nKthread: number, nonFreezableShare: number): Uint8Array {
  const mask = new Uint8Array(nTasks);
  const s = nonFreezableShare;
  for (let k = 0; k < nKthread; k++) {
    mask[nUser + k] = Math.floor((k + 1) * s) > Math.floor(k * s) ? 0 : 1;
  }
  return mask;
}
