import { describe, expect, it } from "vitest";
import { z } from "zod";
import { LivepatchParamsSchema } from "../../../src/sim/livepatch/params.ts";

// R: docs/livepatch-models.md §P (defaults in brackets).
const DEFAULTS = {
  workload: "mechanistic",
  nCpu: 32,
  nUser: 600,
  nKthread: 256,
  idleTasks: true,
  hz: 250,
  deadline: 75,
  freezableKthreadShare: 0.03,
  patch: { functions: [{ hotness: 1, sleeps: true }] },
  reduced: {
    exitRate: 1,
    blockedProb: 0.01,
    blocking: "iid",
    onCpuProb: 0,
    interruptibleProb: 1,
    kthreadBlockedProb: 0.01,
    blockedAfterWakeProb: 0.01,
    idleProb: 0,
    idleBlockedProb: 0,
    cpuBoundKthreads: 0,
    condReschedRate: 1000,
    condReschedCleanProb: 1,
    kthreadFrameTime: 1,
  },
  mechanistic: {
    preset: "moderate",
    exposure: {},
    cpuBoundKthreads: 0,
    parkedKthreads: 0,
    parkedKthreadPeriod: 10,
    dstateShare: 0.01,
    dstateMedian: 0.2,
    dstateSigma: 1.5,
    idlePeriod: 0.002,
    busyPeriod: 0.001,
  },
  stopMachine: {
    basePause: 0.0003,
    perThreadPause: 1e-6,
    perCpuPause: 2e-6,
    preemption: "voluntary",
    sectionMean: 5e-5,
  },
  immediate: { pairProb: 0.5 },
  kpatch: { attempts: 5, retryInterval: 2, loadCost: 0.05, unwinderMissProb: 0, deepStackProb: 0, nmiFailProb: 0 },
  ksplice: { attempts: 5, retryInterval: 1, falsePositiveProb: 0 },
  kgraft: {
    period: 2,
    fakeSignal: true,
    kthreads: "excluded",
    safepointRate: 0.5,
    nonFreezableShare: 0,
    switchAtEntry: true,
    signalDelay: 0.001,
  },
  livepatch: {
    kernel: "6.16",
    period: 1,
    roundJiffies: true,
    signals: "auto",
    signalsEvery: 15,
    manualSignalAt: 15,
    idleKick: true,
    idleDelay: 5e-5,
    condResched: false,
    freezableHook: true,
    reliableStacks: true,
    unreliableProb: 0,
    unreliableMode: "sticky",
    unwinderMissProb: 0,
    forceAt: null,
    signalDelay: 0.001,
    reverseDeadline: 75,
  },
};

function issues(input: unknown) {
  const r = LivepatchParamsSchema.safeParse(input);
  expect(r.success).toBe(false);
  return r.error?.issues.map((i) => ({ path: i.path.join("."), code: i.code })) ?? [];
}

describe("livepatch params", () => {
  it("an empty object parses to exactly the §P defaults, every dependent default resolved", () => {
    expect(LivepatchParamsSchema.parse({})).toStrictEqual(DEFAULTS);
  });

  it("nKthread defaults to 8 × nCpu and follows nCpu", () => {
    expect(LivepatchParamsSchema.parse({ nCpu: 112 }).nKthread).toBe(896);
    expect(LivepatchParamsSchema.parse({ nCpu: 112, nKthread: 5 }).nKthread).toBe(5);
  });

  it("kthreadBlockedProb and blockedAfterWakeProb default to blockedProb, unless given", () => {
    const p = LivepatchParamsSchema.parse({ reduced: { blockedProb: 0.3 } });
    expect(p.reduced.kthreadBlockedProb).toBe(0.3);
    expect(p.reduced.blockedAfterWakeProb).toBe(0.3);
    const q = LivepatchParamsSchema.parse({ reduced: { blockedProb: 0.3, blockedAfterWakeProb: 0 } });
    expect(q.reduced.kthreadBlockedProb).toBe(0.3);
    expect(q.reduced.blockedAfterWakeProb).toBe(0);
  });

  it("livepatch.kernel picks the hybrid's features (§1.5); each feature can still be set by itself", () => {
    const features = (kernel: string, extra: Record<string, unknown> = {}) => {
      const lp = LivepatchParamsSchema.parse({ livepatch: { kernel, ...extra } }).livepatch;
      return [lp.signals, lp.idleKick, lp.condResched, lp.freezableHook];
    };
    expect(features("4.12")).toEqual(["manual", false, false, false]);
    expect(features("5.1")).toEqual(["auto", false, false, false]);
    expect(features("5.16")).toEqual(["auto", true, false, false]);
    expect(features("6.4")).toEqual(["auto", true, true, false]);
    expect(features("6.16")).toEqual(["auto", true, false, true]);
    expect(features("6.4", { condResched: false, signals: "off" })).toEqual(["off", true, false, false]);
  });

  it("the reduced workload's defaults keep §3 exact: 5.16 features, full preemption, kGraft without signals", () => {
    const p = LivepatchParamsSchema.parse({ workload: "reduced" });
    expect(p.livepatch.kernel).toBe("5.16");
    expect([p.livepatch.signals, p.livepatch.idleKick, p.livepatch.condResched, p.livepatch.freezableHook]).toEqual([
      "auto",
      true,
      false,
      false,
    ]);
    expect(p.stopMachine.preemption).toBe("full");
    expect(p.stopMachine.sectionMean).toBe(0);
    expect(p.kgraft.fakeSignal).toBe(false);
    const none = LivepatchParamsSchema.parse({ stopMachine: { preemption: "none" } }).stopMachine;
    expect(none.sectionMean).toBe(5e-4);
  });

  it("a partial nested group keeps the other defaults of that group (prefault)", () => {
    const p = LivepatchParamsSchema.parse({ kpatch: { retryInterval: 1 } });
    expect(p.kpatch).toStrictEqual({ ...DEFAULTS.kpatch, retryInterval: 1 });
  });

  it("deadline and livepatch.forceAt accept null; parsing is idempotent", () => {
    const p = LivepatchParamsSchema.parse({ deadline: null, livepatch: { forceAt: 20 } });
    expect(p.deadline).toBeNull();
    expect(p.livepatch.forceAt).toBe(20);
    expect(LivepatchParamsSchema.parse(p)).toStrictEqual(p);
  });

  it.each([
    [{ reduced: { exitRate: -1 } }, "reduced.exitRate", "too_small"],
    [{ reduced: { condReschedRate: Number.POSITIVE_INFINITY } }, "reduced.condReschedRate", "invalid_type"],
    [{ reduced: { blockedProb: 1.5 } }, "reduced.blockedProb", "too_big"],
    [{ reduced: { interruptibleProb: -0.1 } }, "reduced.interruptibleProb", "too_small"],
    [{ kpatch: { unwinderMissProb: 2 } }, "kpatch.unwinderMissProb", "too_big"],
    [{ livepatch: { period: 0 } }, "livepatch.period", "too_small"],
    [{ kgraft: { period: 0 } }, "kgraft.period", "too_small"],
    [{ kpatch: { retryInterval: -2 } }, "kpatch.retryInterval", "too_small"],
    [{ kpatch: { attempts: 0 } }, "kpatch.attempts", "too_small"],
    [{ ksplice: { attempts: 1001 } }, "ksplice.attempts", "too_big"],
    [{ nCpu: 5000 }, "nCpu", "too_big"],
    [{ nUser: 2.5 }, "nUser", "invalid_type"],
    [{ nKthread: -1 }, "nKthread", "too_small"],
    [{ deadline: 0 }, "deadline", "too_small"],
    [{ mechanistic: { preset: "warm" } }, "mechanistic.preset", "invalid_value"],
    [{ workload: "layerC" }, "workload", "invalid_value"],
    [{ livepatch: { signals: "sometimes" } }, "livepatch.signals", "invalid_value"],
    [{ livepatch: { kernel: "5.4" } }, "livepatch.kernel", "invalid_value"],
    [{ stopMachine: { preemption: "rt" } }, "stopMachine.preemption", "invalid_value"],
    [{ patch: { functions: [] } }, "patch.functions", "too_small"],
    [{ patch: { functions: [{ hotness: -1 }] } }, "patch.functions.0.hotness", "too_small"],
    [{ mechanistic: { exposure: { server: 2 } } }, "mechanistic.exposure.server", "too_big"],
    [{ mechanistic: { exposure: { sleepers: 0.1 } } }, "mechanistic.exposure", "unrecognized_keys"],
    [{ nUsers: 10 }, "", "unrecognized_keys"],
    [{ kpatch: { retries: 3 } }, "kpatch", "unrecognized_keys"],
  ])("rejects %j at %s (%s)", (input, path, code) => {
    expect(issues(input)).toContainEqual({ path, code });
  });

  it("rejects CPU-bound kthreads beyond nKthread, naming the path", () => {
    expect(issues({ nKthread: 2, reduced: { cpuBoundKthreads: 3 } })).toContainEqual({
      path: "reduced.cpuBoundKthreads",
      code: "custom",
    });
    expect(issues({ nCpu: 1, mechanistic: { cpuBoundKthreads: 9 } })).toContainEqual({
      path: "mechanistic.cpuBoundKthreads",
      code: "custom",
    });
    expect(issues({ nKthread: 4, mechanistic: { cpuBoundKthreads: 2, parkedKthreads: 3 } })).toContainEqual({
      path: "mechanistic.parkedKthreads",
      code: "custom",
    });
  });

  it("rejects a derived nKthread above its bound (8 × 4096 CPUs is fine, an explicit 100001 is not)", () => {
    expect(LivepatchParamsSchema.parse({ nCpu: 4096 }).nKthread).toBe(32768);
    expect(issues({ nKthread: 100_001 })).toContainEqual({ path: "nKthread", code: "too_big" });
  });

  it("documents every parameter (JSON schema of the input, with descriptions and defaults)", () => {
    const schema = z.toJSONSchema(LivepatchParamsSchema, { io: "input" }) as {
      properties: Record<string, { description?: string; properties?: Record<string, { description?: string }> }>;
    };
    const missing: string[] = [];
    for (const [key, prop] of Object.entries(schema.properties)) {
      if (!prop.description) missing.push(key);
      for (const [inner, p] of Object.entries(prop.properties ?? {}))
        if (!p.description) missing.push(`${key}.${inner}`);
    }
    expect(missing).toEqual([]);
    expect(Object.keys(schema.properties)).toEqual(Object.keys(DEFAULTS));
  });
});
