import { describe, expect, it } from "vitest";
import { createContext } from "../src/report/context.ts";
import { FLEET_SIZES, fleetProbability, fleetSection, fleetText } from "../src/report/fleet-section.ts";

type Doc = Parameters<typeof createContext>[0];

/** A result with one point and two livepatch models: only what the fleet section reads is filled in. */
function doc(completed: [number, number, number], anyUnsafe: [number, number, number]): Doc {
  const prop = ([p, lo, hi]: [number, number, number]) => ({
    kind: "proportion",
    n: 1000,
    successes: 0,
    p,
    ci: [lo, hi],
  });
  const models = {
    kpatch: { metrics: { completed: prop(completed), anyUnsafe: prop(anyUnsafe) } },
    livepatch: { metrics: { completed: prop([1, 0.996, 1]), anyUnsafe: prop([0, 0, 0.004]) } },
  };
  return {
    name: "fleet",
    simulation: "livepatch",
    confidence: 0.95,
    points: [{ index: 0, params: {}, trials: 1000, stopped: "fixed", models, comparisons: [] }],
  } as unknown as Doc;
}

describe("report fleet section", () => {
  it("P(all N succeed) = p^N, interval [lo^N, hi^N]", () => {
    expect(fleetProbability(0.9, [0.88, 0.92], 10)).toEqual([0.9 ** 10, 0.88 ** 10, 0.92 ** 10]);
    const [p, lo, hi] = fleetProbability(0.999, [0.998, 0.9995], 1000);
    expect(p).toBeCloseTo(0.3677, 4); // e^{-1.0005}
    expect(lo).toBeLessThan(p);
    expect(hi).toBeGreaterThan(p);
    expect(FLEET_SIZES).toEqual([10, 1000, 100_000]);
  });

  it("formats probabilities from 1 down to underflow", () => {
    expect(fleetText(1)).toBe("1");
    expect(fleetText(0)).toBe("0");
    expect(fleetText(0.3677)).toBe("36.8 %");
    expect(fleetText(0.0123)).toBe("1.230 %");
    expect(fleetText(2.5e-7)).toBe("2.5e-7");
  });

  it("has one row per point and model, with 'all complete' and 'none unsafe' for each fleet size", () => {
    const html = fleetSection(createContext(doc([0.6, 0.57, 0.63], [0.02, 0.012, 0.03])));
    expect(html).toContain('<section id="fleet">');
    expect(html.match(/<tr>/g)?.length).toBe(3); // header + kpatch + livepatch
    // kpatch at N = 10: 0.6^10 = 0.605 %, [0.57^10, 0.63^10]
    expect(html).toContain(
      `${fleetText(0.6 ** 10)} <small>[${fleetText(0.57 ** 10)}, ${fleetText(0.63 ** 10)}]</small>`,
    );
    // none unsafe at N = 1000 for kpatch: (1 − 0.02)^1000, interval from the complement's bounds
    expect(html).toContain(
      `${fleetText(0.98 ** 1000)} <small>[${fleetText(0.97 ** 1000)}, ${fleetText(0.988 ** 1000)}]</small>`,
    );
    // livepatch completes in every trial: the point estimate stays 1, the lower bound 0.996^N falls with N
    expect(html).toContain(`1 <small>[${fleetText(0.996 ** 100_000)}, 1]</small>`);
  });

  it("is empty for a result without a completed metric", () => {
    const d = doc([0.5, 0.4, 0.6], [0, 0, 0.1]);
    for (const m of Object.values(d.points[0].models)) delete (m.metrics as Record<string, unknown>).completed;
    expect(fleetSection(createContext(d))).toBe("");
  });
});
