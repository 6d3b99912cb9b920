import { McxError, McxErrorCode } from "@mcx/core";
import type { Command } from "commander";
import { intFlag } from "../flags.ts";
import { locate } from "../output/errors.ts";
import { formatCount } from "../output/format.ts";
import { runFailed } from "../output/run-failed.ts";
import { defaultSummaryMetrics, summarySimulation } from "../output/summary-table.ts";
import { advanceWatch, createWatchState, renderWatchLine, renderWatchPanel } from "../output/watch-panel.ts";
import { type ConnectionFlags, withClient, withConnectionOptions } from "./status.ts";

/** Metrics per model in the panel of a run without a stop rule. */
const KEY_METRICS = 2;

interface WatchOptions extends ConnectionFlags {
  readonly points?: number;
}

/** The simulation's key metrics (those its summaries lead with), or none when this build does not know it. */
function keyMetricsOf(simulation: string): string[] | undefined {
  try {
    const sim = summarySimulation(simulation);
    return defaultSummaryMetrics(sim, new Set(sim.metrics.map((m) => m.name))).slice(0, KEY_METRICS);
  } catch {
    return undefined;
  }
}

/**
 * `mcx watch RUN`: a live convergence panel until the run ends, redrawn in place on a terminal; elsewhere one line per
 * update and the panel once at the end. Exits like `mcx run`: 0 for completed or target_not_met, MCX_CANCELLED for a
 * cancelled run, the run's error for a failed one.
 */
export function register(program: Command): void {
  withConnectionOptions(
    program
      .command("watch")
      .description("follow a cluster run: live estimate ± half-width vs trials, rate and ETA, until it ends")
      .argument("<run>", "run id")
      .option("--points <n>", "points of a sweep shown in the panel (default 4)", intFlag("--points", 1, 1000)),
  ).action(async (runId: string, options: WatchOptions) => {
    const out = process.stdout;
    const tty = out.isTTY === true;
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once("SIGINT", onSigint);
    const state = createWatchState();
    let drawn = 0;
    const draw = (panel: string): void => {
      // Up to the first line of the previous panel, clear to the end of the screen, draw: the panel stays in place
      // and what was printed before it is kept.
      out.write(`${drawn > 0 ? `\x1b[${drawn}F\x1b[0J` : ""}${panel}`);
      drawn = panel.split("\n").length - 1;
    };
    try {
      await withClient(options, async (client) => {
        const run = await client.status(runId);
        const panelOptions = {
          ...(options.points === undefined ? {} : { maxPoints: options.points }),
          ...(tty && out.columns > 0 ? { width: out.columns } : {}),
          ...(() => {
            const keyMetrics = keyMetricsOf(run.simulation);
            return keyMetrics === undefined ? {} : { keyMetrics };
          })(),
        };
        for await (const p of client.watch(runId, { signal: controller.signal })) {
          advanceWatch(state, p, Date.now());
          if (tty) draw(renderWatchPanel(state, panelOptions));
          else if (p.status === "running") out.write(`${renderWatchLine(state)}\n`);
        }
        // A pipe gets the final panel once (its estimates are the stored result's).
        if (!tty && state.last) out.write(renderWatchPanel(state, panelOptions));
      });
    } finally {
      process.off("SIGINT", onSigint);
    }
    const last = state.last;
    const where = `mcx watch ${runId}`;
    if (last?.status === "failed") throw locate(runFailed(runId, last.error), where);
    if (last?.status === "cancelled") {
      throw locate(
        new McxError(
          McxErrorCode.CANCELLED,
          `run ${runId} was cancelled after ${formatCount(last.trialsDone)} trials`,
          {
            hint: `\`mcx results ${runId}\` has the merged prefix`,
          },
        ),
        where,
      );
    }
    if (last?.status === "target_not_met") {
      process.stderr.write("note: the stop target was not met at stop.maxTrials for some points\n");
    }
  });
}
