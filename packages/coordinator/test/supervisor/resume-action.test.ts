import { McxErrorCode, planRun, resolveSpec, runInline } from "@mcx/core";
import { describe, expect, it } from "vitest";
import { toResultJson } from "../../src/runs/result-sink.ts";
import { newRunRecord } from "../../src/runs/run-record.ts";
import { resumeAction } from "../../src/supervisor/resume-action.ts";

const raw = { name: "res", simulation: "rendezvous", seed: 4, trials: 4000, blockTrials: 500 };
const stored = { fileName: "res.json", text: JSON.stringify(raw) };
const spec = resolveSpec(raw);
const record = newRunRecord(planRun("res-1", spec, 1000), { submittedAt: "2026-01-01T00:00:00.000Z" });

describe("resumeAction", () => {
  it("resumes a run whose spec resolves to the specHash it was submitted with, planned as before", () => {
    const action = resumeAction(record, stored, undefined);
    expect(action.kind).toBe("resume");
    if (action.kind !== "resume") return;
    expect([action.plan.runId, action.plan.shardTrials, action.plan.shardCount]).toEqual(["res-1", 1000, 4]);
  });

  it("stops with MCX_SPEC_CHANGED, naming both hashes, when this build resolves the spec to another specHash", () => {
    const action = resumeAction({ ...record, specHash: "sha256:of-an-older-build" }, stored, undefined);
    expect(action).toMatchObject({ kind: "fail", error: { code: McxErrorCode.SPEC_CHANGED } });
    if (action.kind !== "fail") return;
    expect(action.error.message).toContain("sha256:of-an-older-build");
    expect(action.error.message).toContain(spec.specHash);
  });

  it("finishes the bookkeeping of a run whose result was stored before the crash", () => {
    const doc = runInline(spec, { runId: "res-1" });
    expect(resumeAction(record, stored, toResultJson(doc))).toEqual({ kind: "repair", doc });
  });

  it("fails a run whose spec is missing, or that this build rejects", () => {
    expect(resumeAction(record, undefined, undefined)).toMatchObject({
      kind: "fail",
      error: { code: McxErrorCode.INTERNAL },
    });
    const rejected = { fileName: "res.json", text: JSON.stringify({ ...raw, trials: -1 }) };
    expect(resumeAction(record, rejected, undefined)).toMatchObject({
      kind: "fail",
      error: { code: McxErrorCode.SPEC_INVALID },
    });
  });
});
