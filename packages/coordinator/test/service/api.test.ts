import { McxErrorCode, planRun, type ResolvedSpec } from "@mcx/core";
import { describe, expect, it } from "vitest";
import type { RunRecord } from "../../src/client/protocol.ts";
import { type ApiBackend, handleRequest, RESULT_CHUNK_CHARS } from "../../src/service/api.ts";

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
} {
  const runs = new Map<string, RunRecord>();
  const results = new Map<string, string>();
  const submitted: ResolvedSpec[] = [];
  return {
    runs,
    results,
    submitted,
    async submit(spec, _text, _fileName, shardTrials) {
      submitted.push(spec);
      const r = { ...record(`r${runs.size + 1}`, "running"), shardTrials };
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
    const plan = planRun("x", backend.submitted[0]!, 1000);
    expect(reply).toEqual({
      ok: true,
      runId: "r1",
      points: 1,
      trialsPlanned: 1000,
      shards: plan.shardCount,
      shardTrials: 1000,
    });
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
