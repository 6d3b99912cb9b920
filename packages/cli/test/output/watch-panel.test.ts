import type { ProgressMessage, ProgressSnapshot } from "@mcx/client";
import { describe, expect, it } from "vitest";
import {
  advanceWatch,
  createWatchState,
  remainingTrials,
  renderWatchLine,
  renderWatchPanel,
  watchRate,
} from "../../src/output/watch-panel.ts";

function message(over: Partial<ProgressMessage>): ProgressMessage {
  return {
    runId: "sweep-m1-ab12",
    status: "running",
    trialsDone: 0,
    trialsPlanned: 600_000,
    shardsDone: 0,
    shardsPlanned: 60,
    duplicatesDropped: 0,
    rejected: 0,
    elapsedSeconds: 0,
    at: "2026-01-01T00:00:00.000Z",
    ...over,
  };
}

/** An adaptive sweep over rate (3 points, cap 200,000 each): pause to ±1 % relative. */
function adaptiveSnapshot(trials: number, halfWidth: number, predicted: number | null): ProgressSnapshot {
  return {
    stopRule: { metrics: ["pause"], relHalfWidth: 0.01 },
    points: [100, 1000, 2000].map((rate, index) => ({
      index,
      label: `rate=${rate}`,
      trials,
      stop: "running",
      predictedTrials: predicted,
      slots: [
        { model: "plain", metric: "pause", estimate: 2.7 / rate, halfWidth: (halfWidth * 2.7) / rate },
        { model: "plain", metric: "late", estimate: 0.5, halfWidth: 0.01 },
        { model: "antithetic", metric: "pause", estimate: 2.7 / rate, halfWidth: (halfWidth * 2.0) / rate },
      ],
    })),
  };
}

describe("renderWatchPanel", () => {
  it("shows per point the stop metrics per model, estimate ± half-width, its history vs trials, rate, ETA and the predicted trials", () => {
    const state = createWatchState();
    advanceWatch(state, message({ trialsDone: 0, elapsedSeconds: 0 }), 0);
    advanceWatch(
      state,
      message({ trialsDone: 6_000, shardsDone: 6, elapsedSeconds: 1, snapshot: adaptiveSnapshot(2_000, 0.04, null) }),
      1_000,
    );
    advanceWatch(
      state,
      message({
        trialsDone: 24_000,
        shardsDone: 24,
        elapsedSeconds: 3,
        snapshot: adaptiveSnapshot(8_000, 0.02, 32_000),
      }),
      3_000,
    );
    const panel = renderWatchPanel(state, { maxPoints: 2 });
    expect(panel).toMatchInlineSnapshot(`
      "run sweep-m1-ab12 · running · 3.00 s
      trials 24,000 of at most 600,000 (4.0%) · shards 24 (of at most 60) · 8K trials/s · ETA ~9.00 s
      stop rule: pause to ±1.0% relative

      point 0 · rate=100 · 8,000 trials · running · predicted 32,000 trials to target
        model       metric  estimate ± half-width  half-width vs trials
        plain       pause   0.02700 ± 0.00054      2K: ±4.0%  8K: ±2.0%
        antithetic  pause   0.02700 ± 0.00040      2K: ±3.0%  8K: ±1.5%

      point 1 · rate=1000 · 8,000 trials · running · predicted 32,000 trials to target
        model       metric  estimate ± half-width  half-width vs trials
        plain       pause   0.002700 ± 0.000054    2K: ±4.0%  8K: ±2.0%
        antithetic  pause   0.002700 ± 0.000040    2K: ±3.0%  8K: ±1.5%

      (1 more point; \`mcx results sweep-m1-ab12\` has them all)
      "
    `);
  });

  it("marks a row that meets the target with ✓", () => {
    const state = createWatchState();
    advanceWatch(state, message({ trialsDone: 90_000, snapshot: adaptiveSnapshot(30_000, 0.009, 30_000) }), 0);
    expect(renderWatchPanel(state)).toMatch(/plain {7}pause {3}0\.02700 ± 0\.00024 ✓/);
  });

  it("shows key metrics of a fixed run, the ETA to the planned trials, and no predicted trials", () => {
    const state = createWatchState();
    const snapshot: ProgressSnapshot = {
      points: [
        {
          index: 0,
          trials: 10_000,
          stop: "running",
          predictedTrials: null,
          slots: [
            { model: "plain", metric: "pause", estimate: 0.0027, halfWidth: 0.00002 },
            { model: "plain", metric: "late", estimate: 0.31, halfWidth: 0.009 },
            { model: "plain", metric: "other", estimate: 1, halfWidth: 0.1 },
          ],
        },
      ],
    };
    advanceWatch(state, message({ trialsDone: 10_000, trialsPlanned: 40_000, elapsedSeconds: 2, snapshot }), 0);
    const panel = renderWatchPanel(state, { keyMetrics: ["late"] });
    expect(panel).toContain("trials 10,000 of 40,000 (25.0%) · shards 0/60 · 5K trials/s · ETA ≤ 6.00 s");
    expect(panel).not.toContain("stop rule");
    expect(panel).not.toContain("predicted");
    expect(panel).toMatch(/plain {2}late {4}0\.3100 ± 0\.0090 {8}10K: ±2\.9%/);
    expect(panel).not.toMatch(/ pause /);
  });

  it("ends with the digest and the regression verdict of a finished scheduled run, without an ETA", () => {
    const state = createWatchState();
    advanceWatch(
      state,
      message({
        status: "completed",
        trialsDone: 600_000,
        elapsedSeconds: 75,
        digest: "sha256:abc",
        regression: {
          differs: true,
          significant: 2,
          identical: false,
          tested: 3,
          baselineDigest: "sha256:def",
          summary: "2 of 3 tests differ (q ≤ 0.05): point 0 plain mean pause -23%",
        },
      }),
      0,
    );
    const panel = renderWatchPanel(state);
    expect(panel.split("\n")[0]).toBe("run sweep-m1-ab12 · completed · 1 min 15 s");
    expect(panel).not.toContain("ETA");
    expect(panel).toContain(
      "\ndigest sha256:abc\nREGRESSION 2 of 3 tests differ (q ≤ 0.05): point 0 plain mean pause -23%\n",
    );
  });

  it("cuts lines to the terminal width, so a redraw in place never wraps", () => {
    const state = createWatchState();
    advanceWatch(state, message({ trialsDone: 24_000, snapshot: adaptiveSnapshot(8_000, 0.02, 32_000) }), 0);
    const lines = renderWatchPanel(state, { width: 40 }).trimEnd().split("\n");
    expect(lines.every((l) => [...l].length <= 40)).toBe(true);
    expect(lines.some((l) => l.endsWith("…"))).toBe(true);
  });
});

describe("watch rate and remaining trials", () => {
  it("measures the rate over the recent window, not since the start", () => {
    const state = createWatchState();
    advanceWatch(state, message({ trialsDone: 0, elapsedSeconds: 100 }), 0);
    advanceWatch(state, message({ trialsDone: 1_000, elapsedSeconds: 101 }), 1_000);
    expect(watchRate(state)).toBe(1_000);
    // Older than the 10 s window: dropped.
    advanceWatch(state, message({ trialsDone: 61_000, elapsedSeconds: 121 }), 21_000);
    advanceWatch(state, message({ trialsDone: 81_000, elapsedSeconds: 122 }), 22_000);
    expect(watchRate(state)).toBe(20_000);
  });

  it("falls back to trials / elapsed seconds before a second of samples", () => {
    const state = createWatchState();
    advanceWatch(state, message({ trialsDone: 5_000, elapsedSeconds: 2 }), 0);
    expect(watchRate(state)).toBe(2_500);
  });

  it("counts the cap for adaptive points without a prediction yet, and nothing for stopped points", () => {
    const state = createWatchState();
    const snapshot = adaptiveSnapshot(8_000, 0.02, null);
    snapshot.points[0] = { ...snapshot.points[0]!, stop: "target_met" };
    snapshot.points[1] = { ...snapshot.points[1]!, predictedTrials: 20_000 };
    advanceWatch(state, message({ trialsDone: 24_000, snapshot }), 0);
    // cap = 600,000 / 3 points; point 1: 20,000 − 8,000; point 2: 200,000 − 8,000.
    expect(remainingTrials(state)).toEqual({ trials: 12_000 + 192_000, predicted: false });
  });
});

describe("renderWatchLine", () => {
  it("is one line for logs", () => {
    const state = createWatchState();
    advanceWatch(state, message({ trialsDone: 6_000, shardsDone: 6, elapsedSeconds: 2 }), 0);
    expect(renderWatchLine(state)).toBe("sweep-m1-ab12 running trials 6,000/600,000 (1.0%) shards 6/60 3K trials/s");
  });
});
