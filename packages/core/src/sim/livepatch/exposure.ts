/** One patched function (`patch.functions`, §P). */
export interface PatchedFunction {
  readonly hotness: number;
  readonly sleeps: boolean;
}

/**
 * Probability that a patched function is on the stack during one episode, for a patch of several functions with
 * independent exposures: 1 − Π_f (1 − min(1, hotness_f·p)), over the functions a task can sleep in when the
 * episode is a sleep. One function with hotness 1 leaves p exactly as it is (the §3 closed forms use p).
 */
export function patchExposure(p: number, functions: readonly PatchedFunction[], sleeping: boolean): number {
  if (functions.length === 1) {
    const f = functions[0];
    if (sleeping && !f.sleeps) return 0;
    return f.hotness === 1 ? p : Math.min(1, f.hotness * p);
  }
  let clear = 1;
  for (const f of functions) if (!sleeping || f.sleeps) clear *= 1 - Math.min(1, f.hotness * p);
  return 1 - clear;
}
