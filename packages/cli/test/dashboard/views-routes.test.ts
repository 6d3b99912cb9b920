import { McxError, McxErrorCode, resolveSpec, runInline } from "@mcx/core";
import { afterEach, describe, expect, it } from "vitest";
import type { CoordinatorLink, RunRecord, WorkerInfo } from "../../src/dashboard/coordinator-link.ts";
import type { RunDeadLetters, WorkersView } from "../../src/dashboard/live-types.ts";
import { createDashboardApp } from "../../src/dashboard/server.ts";
import { toResultJson } from "../../src/output/result-json.ts";

// The routes of the workers-and-queues view and of a run's dead letters, on a link that answers from memory: what
// the page gets when the coordinator serves every view, and when it lacks one (an older coordinator).
const worker: WorkerInfo = {
  workerId: "w1",
  threads: 2,
  concurrency: 4,
  active: 1,
  completed: 30,
  failed: 1,
  malformed: 0,
  draining: false,
  lastSeen: "2026-01-01T00:00:00.000Z",
  throughput: { windowSeconds: 60, shards: 30, shardsPerSecond: 0.5 },
};
const coordinator = {
  startedAt: "2026-01-01T00:00:00.000Z",
  activeRuns: 0,
  rejectedRequests: 0,
  rejectedMessages: 0,
  orphanMessages: 0,
  rejectedHeartbeats: 0,
};
const letter = {
  jobId: "r-1-3",
  runId: "r-1",
  shard: 3,
  attempts: 1,
  code: "MCX_PARAM_INVALID",
  reason: "MCX_PARAM_INVALID: x",
};
const asked: unknown[] = [];

function link(views: boolean): CoordinatorLink {
  const unknownVerb = () => Promise.reject(new McxError(McxErrorCode.MESSAGE_INVALID, 'unknown API verb "queues"'));
  return {
    list: async () => ({ ok: true, runs: [], workers: [worker], coordinator }),
    queues: views
      ? async () => [{ name: "mcx-shards", waiting: 2, active: 1, delayed: 0, failed: 1, completed: 30 }]
      : unknownVerb,
    deadLetters: views
      ? async (request) => {
          asked.push(request);
          return {
            ok: true,
            total: 1,
            matching: 1,
            byRun: [{ runId: "r-1", count: 1 }],
            truncated: false,
            letters: [letter],
          };
        }
      : unknownVerb,
    status: async (runId) => ({ runId }) as RunRecord,
    resultText: async () => toResultJson(runInline(resolveSpec({ name: "r", simulation: "rendezvous", trials: 100 }))),
    schedules: async () => [],
  } as Partial<CoordinatorLink> as CoordinatorLink;
}

const apps: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

function app(views: boolean) {
  const { app } = createDashboardApp({
    options: { host: "127.0.0.1", port: 0, token: undefined },
    link: link(views),
    generator: "t",
  });
  apps.push(app);
  return app;
}

const get = (views: boolean, url: string) => app(views).inject({ method: "GET", url, headers: { host: "127.0.0.1" } });

describe("the dashboard's workers-and-queues and dead-letter routes", () => {
  it("serves workers with their throughput, both queues' counts and the newest dead letters", async () => {
    const r = await get(true, "/api/workers");
    expect(r.statusCode).toBe(200);
    const view = r.json() as WorkersView;
    expect(view.workers[0]!.throughput).toEqual(worker.throughput);
    expect(view.queues).toEqual([{ name: "mcx-shards", waiting: 2, active: 1, delayed: 0, failed: 1, completed: 30 }]);
    expect(view.deadLetters?.byRun).toEqual([{ runId: "r-1", count: 1 }]);
    expect(view.problems).toEqual([]);
  });

  it("still serves the workers when the coordinator lacks the queue views, and says what is missing", async () => {
    const view = (await get(false, "/api/workers")).json() as WorkersView;
    expect(view.workers.map((w) => w.workerId)).toEqual(["w1"]);
    expect(view.queues).toBeNull();
    expect(view.deadLetters).toBeNull();
    expect(view.problems).toEqual([
      'queue counts: unknown API verb "queues"',
      'dead letters: unknown API verb "queues"',
    ]);
  });

  it("serves one run's dead letters, and refuses what is not a run id", async () => {
    asked.length = 0;
    const r = await get(true, "/api/runs/r-1/dead-letters");
    expect(r.json() as RunDeadLetters).toEqual({ matching: 1, letters: [letter] });
    expect(asked).toEqual([{ runId: "r-1", limit: 50 }]);
    expect((await get(true, "/api/runs/NOT_A_RUN/dead-letters")).statusCode).toBe(400);
  });

  it("answers 404 for a comparison with the baseline of a run no schedule started", async () => {
    const r = await get(true, "/api/runs/r-1/report.html?compare=baseline");
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({
      error: { code: McxErrorCode.SCHEDULE_NOT_FOUND, message: "run r-1 was not started by a schedule" },
    });
  });
});
