import type { EventHeap } from "./event-heap.ts";
import type { TrialState } from "./trial-state.ts";
import type { Workload } from "./workload.ts";

/**
 * A fake signal reaches pending user i at t, the same in kGraft and in the upstream hybrid: it is
 * counted, a syscall it interrupts counts as a restart, and the user's next switch opportunity moves up to the
 * signal's return (t + delay) when the signal kicks it.
 */
export function signalPendingUser(
  wl: Workload,
  st: TrialState,
  heap: EventHeap,
  i: number,
  t: number,
  delay: number,
): void {
  st.signalsSent++;
  const e = wl.signalUser(i, t, delay);
  if (wl.lastRestart) st.syscallRestarts++;
  if (e < Number.POSITIVE_INFINITY) heap.offer(i, e);
}
