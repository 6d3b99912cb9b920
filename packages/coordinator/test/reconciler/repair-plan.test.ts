import { planRun, resolveSpec } from "@mcx/core";
import type { ShardJob } from "@mcx/runner";
import { describe, expect, it } from "vitest";
import { planRepairs } from "../../src/reconciler/repair-plan.ts";

const plan = planRun("r-1", resolveSpec({ name: "p", simulation: "rendezvous", trials: 8000, blockTrials: 500 }), 1000);
const jobs: ShardJob[] = [0, 1, 2, 3, 4, 5].map((shard) => ({ shard, task: plan.shardTask(shard) }));

describe("repair plan of one reconciliation pass", () => {
  it("enqueues again exactly the awaited jobs Redis no longer knows, and leaves live and failed ones alone", () => {
    const live = new Set(["r-1-0", "r-1-1"]);
    const states = new Map([
      ["r-1-2", "unknown"],
      ["r-1-3", "delayed"],
      ["r-1-4", "failed"],
      // r-1-5: no answer at all counts as unknown
    ]);
    const repairs = planRepairs("r-1", jobs, live, states, new Set());
    expect(repairs.requeue.map((j) => j.shard)).toEqual([2, 5]);
    // The same tasks the run planned: the jobs come back with the ids and payloads they had.
    expect(repairs.requeue[0]!.task).toEqual(plan.shardTask(2));
    expect(repairs.recover).toEqual([]);
  });

  it("has a shard re-read from the stream only when its job was completed a whole pass ago without reaching the run", () => {
    const states = new Map(jobs.map((j) => [`r-1-${j.shard}`, j.shard < 2 ? "completed" : "active"]));
    const first = planRepairs("r-1", jobs, new Set(), states, new Set());
    // A summary may be on its way: nothing yet.
    expect(first.recover).toEqual([]);
    expect([...first.completed]).toEqual(["r-1-0", "r-1-1"]);
    const second = planRepairs("r-1", jobs, new Set(), states, first.completed);
    expect(second.recover).toEqual([0, 1]);
    expect(second.requeue).toEqual([]);
  });

  it("forgets a completed job that the run has received since (it is no longer awaited)", () => {
    const states = new Map([["r-1-0", "completed"]]);
    const first = planRepairs("r-1", jobs.slice(0, 1), new Set(), states, new Set());
    const next = planRepairs("r-1", [], new Set(), states, first.completed);
    expect(next).toEqual({ requeue: [], recover: [], completed: new Set() });
  });
});
