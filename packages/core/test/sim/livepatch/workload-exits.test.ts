import { describe, expect, it } from "vitest";
import { createStream, exponential } from "../../../src/rng/index.ts";
import { STREAM } from "../../../src/sim/livepatch/constants.ts";
import { LivepatchParamsSchema } from "../../../src/sim/livepatch/index.ts";
import { StreamPool } from "../../../src/sim/livepatch/streams.ts";
import type { Workload } from "../../../src/sim/livepatch/workload.ts";
import { MechanisticWorkload } from "../../../src/sim/livepatch/workload-mechanistic.ts";
import { ReducedWorkload } from "../../../src/sim/livepatch/workload-reduced.ts";

// nextSyscallExits, the bulk query of kGraft's start, against nextSyscallExit asked user by user of a twin workload.

type Make = (streams: StreamPool) => Workload;

function twins(make: Make, tasks: number): { bulk: Workload; single: Workload; pools: StreamPool[] } {
  const pools = [new StreamPool(tasks), new StreamPool(tasks)];
  return { bulk: make(pools[0]), single: make(pools[1]), pools };
}

function expectSameExits(make: Make, tasks: number, trials: number[]): void {
  const { bulk, single, pools } = twins(make, tasks);
  const out = new Float64Array(bulk.nUser);
  for (const trial of trials) {
    for (const [w, pool] of [
      [bulk, pools[0]],
      [single, pools[1]],
    ] as const) {
      w.beginTrial(7, 1, trial);
      pool.begin(7, 1, trial);
      w.begin();
    }
    bulk.nextSyscallExits(0, out);
    const one = Array.from({ length: single.nUser }, (_, i) => single.nextSyscallExit(i, 0));
    expect(Array.from(out)).toEqual(one);
    expect(one.filter(Number.isFinite).length).toBeGreaterThan(one.length / 2); // real exits, not a run of +Inf
  }
}

describe("Workload.nextSyscallExits", () => {
  it("reduced: every user's nextSyscallExit(i, 0), the first exits Exp(λ) of the (exit, i) streams", () => {
    // 70 users: two whole stream blocks of 32 and a partial one; λ = 2.5 so that the division shows.
    const p = LivepatchParamsSchema.parse({
      workload: "reduced",
      nUser: 70,
      nKthread: 3,
      idleTasks: false,
      reduced: { exitRate: 2.5 },
    });
    const make: Make = (s) => new ReducedWorkload(p, s);
    expectSameExits(make, 73, [0, 1, 1, 123_456]);
    const { bulk, pools } = twins(make, 73);
    bulk.beginTrial(7, 1, 5);
    pools[0].begin(7, 1, 5);
    bulk.begin();
    const out = new Float64Array(70);
    bulk.nextSyscallExits(0, out);
    for (const i of [0, 31, 32, 63, 64, 69]) {
      expect(out[i]).toBe(exponential(createStream(7, 1, 5, STREAM.exit, i)) / 2.5);
    }
  });

  it("mechanistic: every user's nextSyscallExit(i, 0)", () => {
    const p = LivepatchParamsSchema.parse({ nUser: 40, nKthread: 8, nCpu: 4 });
    const tasks = p.nUser + p.nKthread + (p.idleTasks ? p.nCpu : 0);
    expectSameExits((s) => new MechanisticWorkload(p, s), tasks, [0, 3]);
  });
});
