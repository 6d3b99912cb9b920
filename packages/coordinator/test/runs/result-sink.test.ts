import { ResultDocumentSchema, resolveSpec, runInline } from "@mcx/core";
import { encodeBlockStore } from "@mcx/runner";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createResultSink, toResultJson } from "../../src/runs/result-sink.ts";

const doc = runInline(resolveSpec({ name: "sink", simulation: "rendezvous", seed: 2, trials: 1000 }));
const logger = pino({ level: "silent" });

describe("result sink", () => {
  it("puts a block store in the object store before the result, which then names it instead of carrying it", async () => {
    const withStore = { ...doc, blockStore: encodeBlockStore([]) };
    const order: string[] = [];
    const sink = createResultSink({
      write: async (runId, json) => {
        order.push(`result ${runId}`);
        const stored = ResultDocumentSchema.parse(JSON.parse(json));
        expect(stored.blockStore).toEqual({ ...withStore.blockStore, data: undefined, object: "blocks/r-1" });
        expect("data" in JSON.parse(json).blockStore).toBe(false);
      },
      writeBlockStore: async (runId, data) => {
        order.push(`blocks ${runId}`);
        expect(data).toBe(withStore.blockStore.data);
      },
      attempts: 1,
      logger,
    });
    await sink.store("r-1", withStore);
    expect(order).toEqual(["blocks r-1", "result r-1"]);
  });

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
