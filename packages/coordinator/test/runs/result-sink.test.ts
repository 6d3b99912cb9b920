import { ResultDocumentSchema, resolveSpec, runInline } from "@mcx/core";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createResultSink, toResultJson } from "../../src/runs/result-sink.ts";

const doc = runInline(resolveSpec({ name: "sink", simulation: "rendezvous", seed: 2, trials: 1000 }));
const logger = pino({ level: "silent" });

describe("result sink", () => {
  it("retries a write that fails transiently and stores the document once it succeeds", async () => {
    const written: string[] = [];
    let calls = 0;
    const sink = createResultSink({
      write: async (_runId, json) => {
        calls++;
        if (calls < 3) throw new Error("timeout");
        written.push(json);
      },
      attempts: 4,
      backoffMs: 1,
      logger,
    });
    await sink.store("r-1", doc);
    expect(calls).toBe(3);
    expect(written).toEqual([toResultJson(doc)]);
  });

  it("gives up after its attempts with the last error", async () => {
    let calls = 0;
    const sink = createResultSink({
      write: async () => {
        calls++;
        throw new Error(`down ${calls}`);
      },
      attempts: 2,
      backoffMs: 1,
      logger,
    });
    await expect(sink.store("r-1", doc)).rejects.toThrow("down 2");
    expect(calls).toBe(2);
  });

  it("writes non-finite numbers as strings that the result schema reads back", () => {
    const point = doc.points[0]!;
    const [model, m] = Object.entries(point.models)[0]!;
    const [metric, r] = Object.entries(m.metrics).find(([, v]) => v.kind === "continuous")!;
    const withInfinity = {
      ...doc,
      points: [
        { ...point, models: { [model]: { ...m, metrics: { [metric]: { ...r, max: Number.POSITIVE_INFINITY } } } } },
      ],
    };
    const json = toResultJson(withInfinity as typeof doc);
    expect(json).toContain('"max":"Infinity"');
    const back = ResultDocumentSchema.parse(JSON.parse(json)).points[0]!.models[model]!.metrics[metric]!;
    expect(back.kind === "continuous" && back.max).toBe(Number.POSITIVE_INFINITY);
  });
});
