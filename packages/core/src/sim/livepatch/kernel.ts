import type { TrialAddress, TrialKernel } from "../types.ts";
import { STREAM } from "./constants.ts";
import { sharedEventHeap } from "./event-heap.ts";
import { LIVEPATCH_METRICS, M } from "./metrics.ts";
import { ImmediateModel } from "./model-immediate.ts";
import { KgraftModel } from "./model-kgraft.ts";
import { LivepatchModel } from "./model-livepatch.ts";
import { STOP_MACHINE_TOOL, StopMachineModel } from "./model-stop-machine.ts";
import { LIVEPATCH_MODELS } from "./models.ts";
import type { LivepatchParams } from "./params.ts";
import { StreamPool } from "./streams.ts";
import type { TrialModel } from "./trial-model.ts";
import { TrialState } from "./trial-state.ts";
import { MechanisticWorkload } from "./workload-mechanistic.ts";
import { ReducedWorkload } from "./workload-reduced.ts";

/**
 * Builds the trial kernel of the livepatch simulation for `models` (names from `LIVEPATCH_MODELS`, any order,
 * each at most once). All scratch (typed arrays, heap, one generator per used stream and task) is allocated
 * here; `runTrial` allocates nothing. In a trial every model re-seeds the task streams from the trial address,
 * so all models see the same workload (common random numbers).
 *
 * @throws {RangeError} for an unknown or repeated model name.
 */
export function createLivepatchKernel(params: LivepatchParams, models: readonly string[]): TrialKernel {
  const seen = new Set<string>();
  for (const m of models) {
    if (!LIVEPATCH_MODELS.some((d) => d.name === m)) {
      throw new RangeError(
        `unknown livepatch model "${m}" (expected one of ${LIVEPATCH_MODELS.map((d) => d.name).join(", ")})`,
      );
    }
    if (seen.has(m)) throw new RangeError(`livepatch model "${m}" listed twice`);
    seen.add(m);
  }
  const nThreads = params.nUser + params.nKthread;
  const nTasks = nThreads + (params.idleTasks ? params.nCpu : 0);
  const streams = new StreamPool(nTasks);
  const reduced = params.workload === "reduced";
  const workload = reduced ? new ReducedWorkload(params, streams) : new MechanisticWorkload(params, streams);
  const state = new TrialState(nTasks, nThreads, params.nUser);
  const heap = sharedEventHeap(nTasks + 1); // tasks, plus the kGraft check
  for (const k of streamKinds(params, models)) streams.reserve(k);

  const runners: TrialModel[] = [];
  const produced: Uint8Array[] = [];
  for (const name of models) {
    const decl = LIVEPATCH_MODELS.find((d) => d.name === name);
    const mask = new Uint8Array(LIVEPATCH_METRICS.length);
    for (const metric of decl?.metrics ?? []) mask[M[metric as keyof typeof M]] = 1;
    produced.push(mask);
    switch (name) {
      case "immediate":
        runners.push(new ImmediateModel(params, workload, state, streams));
        break;
      case "kpatch":
        runners.push(new StopMachineModel(params, STOP_MACHINE_TOOL.kpatch, workload, state, streams));
        break;
      case "ksplice":
        runners.push(new StopMachineModel(params, STOP_MACHINE_TOOL.ksplice, workload, state, streams));
        break;
      case "kgraft":
        runners.push(new KgraftModel(params, workload, state, heap));
        break;
      default:
        runners.push(new LivepatchModel(params, workload, state, heap, streams));
    }
  }
  const stride = LIVEPATCH_METRICS.length;
  const deadline = params.deadline;

  return {
    runTrial(address: TrialAddress, out: Float64Array): void {
      const { seed, point, trial } = address;
      workload.beginTrial(seed, point, trial);
      for (let slot = 0; slot < runners.length; slot++) {
        streams.begin(seed, point, trial);
        workload.begin();
        const windowEnd = runners[slot].run();
        state.write(out, slot * stride, produced[slot], windowEnd, deadline);
      }
    },
    get events(): number {
      return state.events;
    },
  };
}

/**
 * Stream kinds the models may draw from on this workload, reserved up front so that no trial allocates
 * (a kind missed here is still allocated on first use).
 */
function streamKinds(p: LivepatchParams, models: readonly string[]): number[] {
  const has = (m: string) => models.includes(m);
  const kinds = new Set<number>([STREAM.block, STREAM.misc]);
  if (p.workload === "reduced") {
    const a = p.reduced;
    if ((a.onCpuProb > 0 && a.onCpuProb < 1) || (a.idleProb > 0 && a.idleProb < 1)) kinds.add(STREAM.cpu);
    if (has("kgraft") || has("livepatch")) kinds.add(STREAM.intr);
    if (has("livepatch") && a.blocking === "sticky") kinds.add(STREAM.wake);
    if (has("livepatch") && a.cpuBoundKthreads > 0) kinds.add(STREAM.cr);
    // A reverse transition asks for users' later exits (a generator on (exit, i)).
    if (has("livepatch") && p.deadline !== null && a.exitRate > 0) kinds.add(STREAM.exit);
  } else {
    kinds.add(STREAM.phase);
    kinds.add(STREAM.sleep);
    if (has("livepatch") && p.mechanistic.cpuBoundKthreads > 0) kinds.add(STREAM.cr);
  }
  if (has("kpatch") && p.kpatch.unwinderMissProb > 0) kinds.add(STREAM.miss);
  if (has("livepatch") && p.livepatch.unwinderMissProb > 0) kinds.add(STREAM.miss);
  if (has("livepatch") && p.livepatch.unreliableMode === "sticky" && p.livepatch.unreliableProb > 0) {
    kinds.add(STREAM.unrel);
  }
  if (has("ksplice") && p.ksplice.falsePositiveProb > 0) kinds.add(STREAM.fp);
  return [...kinds];
}
