import { McxError, McxErrorCode, type ResolvedSpec, resolveSpec, runInline } from "@mcx/core";
import type { RunRecord, ScheduleRecord } from "@mcx/protocol";
import { describe, expect, it } from "vitest";
import type { ApiBackend } from "../../src/api/backend.ts";
import { handleRequest, RESULT_CHUNK_CHARS } from "../../src/api/handle-request.ts";
import { toResultJson } from "../../src/runs/result-sink.ts";
import type { ScheduleInput } from "../../src/schedules/schedule-record.ts";

function record(runId: string, status: RunRecord["status"]): RunRecord {
  return {
    runId,
    name: "t",
    simulation: "rendezvous",
    specHash: "sha256:x",
    status,
    submittedAt: new Date(0).toISOString(),
    points: 1,
    shardTrials: 1000,
    shardsPlanned: 1,
    shardsDone: 0,
    trialsPlanned: 1000,
    trialsDone: 0,
    duplicatesDropped: 0,
    rejected: 0,
    cancelRequested: false,
    resumed: 0,
    alarms: [],
  };
}

/** An in-memory coordinator behind the API: records in a map, results as strings. */
function createBackend(): ApiBackend & {
  runs: Map<string, RunRecord>;
  results: Map<string, string>;
  submitted: ResolvedSpec[];
  schedules: Map<string, ScheduleInput>;
} {
  const runs = new Map<string, RunRecord>();
  const results = new Map<string, string>();
  const submitted: ResolvedSpec[] = [];
  const schedules = new Map<string, ScheduleInput>();
  const toRecord = (s: ScheduleInput): ScheduleRecord => ({
    name: s.name,
    ...(s.cron === undefined ? {} : { cron: s.cron }),
    ...(s.everySeconds === undefined ? {} : { everySeconds: s.everySeconds }),
    fileName: s.fileName,
    specName: s.spec.name,
    simulation: s.spec.simulation,
    points: s.spec.points.length,
    specHash: s.spec.specHash,
    ...(s.baseline === undefined ? {} : { baselineDigest: s.baseline.digest }),
    createdAt: new Date(0).toISOString(),
    runs: 0,
    skipped: 0,
  });
  return {
    runs,
    results,
    submitted,
    schedules,
    async scheduleAdd(input) {
      if (schedules.has(input.name) && !input.replace) throw new McxError(McxErrorCode.SCHEDULE_EXISTS, "exists");
      schedules.set(input.name, input);
      return toRecord(input);
    },
    scheduleList: async () => [...schedules.values()].map(toRecord),
    async scheduleRemove(name) {
      const s = schedules.get(name);
      if (!s) throw new McxError(McxErrorCode.SCHEDULE_NOT_FOUND, `schedule ${name} does not exist`);
      schedules.delete(name);
      return toRecord(s);
    },
    async submit(plan) {
      submitted.push(plan.spec);
      const r = { ...record(plan.runId, "running"), shardTrials: plan.shardTrials };
      runs.set(r.runId, r);
      return r;
    },
    getRecord: async (id) => runs.get(id),
    listRecords: async () => [...runs.values()],
    cancel: async (id) => {
      const r = runs.get(id);
      if (!r) return undefined;
      const c = { ...r, status: "cancelled" as const };
      runs.set(id, c);
      return c;
    },
    getResult: async (id) => results.get(id),
    listing: () => ({
      workers: [],
      coordinator: {
        startedAt: "",
        activeRuns: 0,
        rejectedRequests: 0,
        rejectedMessages: 0,
        orphanMessages: 0,
        rejectedHeartbeats: 0,
      },
    }),
    threads: () => 2,
  };
}

const specText = JSON.stringify({
  name: "t",
  simulation: "rendezvous",
  trials: 10_000,
  blockTrials: 250,
  shardTrials: 1000,
});

describe("handleRequest", () => {
  it("answers a request that is not JSON with MCX_MESSAGE_INVALID and marks it malformed", async () => {
    const { reply, malformed } = await handleRequest(createBackend(), "submit", "{nope");
    expect(malformed).toBe(true);
    expect(reply).toEqual({
      ok: false,
      error: { code: McxErrorCode.MESSAGE_INVALID, message: "submit request is not JSON" },
    });
  });

  it("answers a request of the wrong shape with MCX_MESSAGE_INVALID naming the field", async () => {
    const { reply, malformed } = await handleRequest(createBackend(), "status", JSON.stringify({ runId: 7 }));
    expect(malformed).toBe(true);
    expect(reply).toMatchObject({
      ok: false,
      error: { code: McxErrorCode.MESSAGE_INVALID, message: expect.stringMatching(/^status request runId /) },
    });
  });

  it("answers an unknown verb with MCX_MESSAGE_INVALID", async () => {
    const { reply, malformed } = await handleRequest(createBackend(), "explode", "{}");
    expect(malformed).toBe(true);
    expect(reply).toMatchObject({ ok: false, error: { code: McxErrorCode.MESSAGE_INVALID } });
  });

  it("answers a bad spec with the spec error and its path, without counting it as malformed or starting a run", async () => {
    const backend = createBackend();
    const { reply, malformed } = await handleRequest(
      backend,
      "submit",
      JSON.stringify({ spec: "name: x\ntrials: -5\n" }),
    );
    expect(malformed).toBe(false);
    expect(reply).toMatchObject({ ok: false, error: { code: McxErrorCode.SPEC_INVALID, path: "spec.trials" } });
    expect(backend.runs.size).toBe(0);
  });

  it("submits a valid spec and replies with its plan", async () => {
    const backend = createBackend();
    const { reply } = await handleRequest(backend, "submit", JSON.stringify({ spec: specText, fileName: "t.json" }));
    // 10 000 trials of one point in shards of 1 000 (4 blocks of 250): 10 shards. The run id is the spec name, the
    // submit time and a random suffix (newRunId).
    expect(reply).toEqual({
      ok: true,
      runId: expect.stringMatching(/^t-[0-9a-z]+-[0-9a-f]{4}$/),
      points: 1,
      trialsPlanned: 1000,
      shards: 10,
      shardTrials: 1000,
    });
    expect(backend.submitted).toHaveLength(1);
  });

  it("never plans a shard larger than one point", async () => {
    const backend = createBackend();
    const { reply } = await handleRequest(
      backend,
      "submit",
      JSON.stringify({ spec: specText, fileName: "t.json", shardTrials: 10_000_000 }),
    );
    expect(reply).toMatchObject({ ok: true, shards: 1, shardTrials: 10_000 });
  });

  it("reports an unknown run as MCX_RUN_NOT_FOUND (bad input, not malformed)", async () => {
    const { reply, malformed } = await handleRequest(createBackend(), "status", JSON.stringify({ runId: "nope-1" }));
    expect(malformed).toBe(false);
    expect(reply).toMatchObject({
      ok: false,
      error: { code: McxErrorCode.RUN_NOT_FOUND, message: "run nope-1 does not exist" },
    });
  });

  it("has no result for a running run", async () => {
    const backend = createBackend();
    backend.runs.set("a-1", record("a-1", "running"));
    const { reply } = await handleRequest(backend, "results", JSON.stringify({ runId: "a-1" }));
    expect(reply).toMatchObject({
      ok: false,
      error: { code: McxErrorCode.RUN_NOT_FOUND, message: expect.stringMatching(/no result yet/) },
    });
  });

  it("serves a large result in chunks that concatenate to the stored text", async () => {
    const backend = createBackend();
    backend.runs.set("a-1", record("a-1", "completed"));
    const text = JSON.stringify({ pad: "x".repeat(RESULT_CHUNK_CHARS * 2 + 17) });
    backend.results.set("a-1", text);
    let got = "";
    for (let i = 0; i < 10; i++) {
      const { reply } = await handleRequest(backend, "results", JSON.stringify({ runId: "a-1", offset: got.length }));
      if (!reply.ok || !("chunk" in reply)) throw new Error("expected a results reply");
      got += reply.chunk;
      if (reply.done) break;
    }
    expect(got).toBe(text);
  });

  it("lists runs newest first, filtered by status", async () => {
    const backend = createBackend();
    backend.runs.set("a-1", { ...record("a-1", "completed"), submittedAt: "2026-01-01T00:00:00.000Z" });
    backend.runs.set("b-1", { ...record("b-1", "completed"), submittedAt: "2026-01-02T00:00:00.000Z" });
    backend.runs.set("c-1", { ...record("c-1", "failed"), submittedAt: "2026-01-03T00:00:00.000Z" });
    const { reply } = await handleRequest(backend, "list", JSON.stringify({ status: "completed" }));
    expect(reply.ok && "runs" in reply ? reply.runs.map((r) => r.runId) : []).toEqual(["b-1", "a-1"]);
  });
});

describe("handleRequest: schedules", () => {
  const add = (backend: ApiBackend, body: Record<string, unknown>) =>
    handleRequest(backend, "schedule.add", JSON.stringify({ name: "nightly", spec: specText, ...body }));

  it("adds a schedule with a cron expression and lists it", async () => {
    const backend = createBackend();
    const { reply } = await add(backend, { cron: "0 3 * * *" });
    expect(reply).toMatchObject({ ok: true, schedule: { name: "nightly", cron: "0 3 * * *", specName: "t" } });
    const listed = await handleRequest(backend, "schedule.list", "{}");
    expect(listed.reply).toMatchObject({ ok: true, schedules: [{ name: "nightly" }] });
  });

  it("rejects a bad cron expression with MCX_FLAG_INVALID and stores nothing", async () => {
    const backend = createBackend();
    const { reply, malformed } = await add(backend, { cron: "61 * * * *" });
    expect(malformed).toBe(false);
    expect(reply).toMatchObject({
      ok: false,
      error: { code: McxErrorCode.FLAG_INVALID, message: expect.stringMatching(/^cron must be a cron expression: /) },
    });
    expect(backend.schedules.size).toBe(0);
  });

  it("needs exactly one of cron and everySeconds (a malformed request)", async () => {
    const both = await add(createBackend(), { cron: "0 3 * * *", everySeconds: 5 });
    const neither = await add(createBackend(), {});
    for (const { reply, malformed } of [both, neither]) {
      expect(malformed).toBe(true);
      expect(reply).toMatchObject({ ok: false, error: { code: McxErrorCode.MESSAGE_INVALID } });
    }
  });

  it("rejects a bad spec with its spec error and stores nothing", async () => {
    const backend = createBackend();
    const { reply } = await handleRequest(
      backend,
      "schedule.add",
      JSON.stringify({ name: "n", everySeconds: 60, spec: "name: x\ntrials: -5\n" }),
    );
    expect(reply).toMatchObject({ ok: false, error: { code: McxErrorCode.SPEC_INVALID, path: "spec.trials" } });
    expect(backend.schedules.size).toBe(0);
  });

  it("rejects a baseline that is not a result, or of another simulation, with MCX_RESULT_INVALID", async () => {
    const backend = createBackend();
    const notJson = await add(backend, { everySeconds: 60, baseline: "{nope" });
    const notResult = await add(backend, { everySeconds: 60, baseline: JSON.stringify({ format: "x" }) });
    expect(notJson.reply).toMatchObject({ ok: false, error: { code: McxErrorCode.RESULT_INVALID } });
    expect(notResult.reply).toMatchObject({ ok: false, error: { code: McxErrorCode.RESULT_INVALID } });
    expect(backend.schedules.size).toBe(0);
  });

  it("keeps a valid baseline with its digest", async () => {
    const backend = createBackend();
    const doc = runInline(resolveSpec(JSON.parse(specText)));
    const { reply } = await add(backend, { everySeconds: 60, baseline: toResultJson(doc) });
    expect(reply).toMatchObject({ ok: true, schedule: { baselineDigest: doc.digest } });
    expect(backend.schedules.get("nightly")?.baseline?.digest).toBe(doc.digest);
  });

  it("reports an unknown schedule on remove as MCX_SCHEDULE_NOT_FOUND", async () => {
    const { reply, malformed } = await handleRequest(createBackend(), "schedule.remove", JSON.stringify({ name: "x" }));
    expect(malformed).toBe(false);
    expect(reply).toMatchObject({ ok: false, error: { code: McxErrorCode.SCHEDULE_NOT_FOUND } });
  });

  it("rejects a schedule name that is not a KV key / BullMQ id (a malformed request)", async () => {
    const { reply, malformed } = await add(createBackend(), { name: "Nightly:1", everySeconds: 60 });
    expect(malformed).toBe(true);
    expect(reply).toMatchObject({ ok: false, error: { code: McxErrorCode.MESSAGE_INVALID } });
  });
});
