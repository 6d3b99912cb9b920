import { useEffect, useState } from "preact/hooks";
import { formatCount, formatDuration, formatEstimate, formatShortCount } from "../../output/format.ts";
import type { LiveRun, PointHistory, RunRecord } from "../live-types.ts";
import { getJson, postJson } from "./api.ts";
import { estimateChart, halfWidthChart } from "./live-charts.ts";
import { appendLatest, fromHistory, modelsOf, type PointRows, rowsOf, targetOf } from "./live-model.ts";
import { PointsTable } from "./points-table.tsx";
import { Card, Confirm, ProgressBar, Svg } from "./widgets.tsx";

/** The facts of a run as cards: the numbers `mcx status` prints, plus rate and ETA. */
export function RunCards({ run }: { run: LiveRun }) {
  const pct = run.trialsPlanned > 0 ? Math.min(100, (100 * run.trialsDone) / run.trialsPlanned) : 0;
  const adaptive = run.stopRule !== undefined;
  return (
    <div class="cards">
      <div class="card" data-card="progress">
        <div class="k">progress</div>
        <div class="v">{pct.toFixed(1)} %</div>
        <ProgressBar fraction={pct / 100} />
      </div>
      <Card
        name="trials"
        label={adaptive ? "trials (of at most)" : "trials"}
        value={`${formatCount(run.trialsDone)} / ${formatCount(run.trialsPlanned)}`}
      />
      <Card
        name="rate"
        label="trials/s"
        value={run.ratePerSecond === null ? "—" : formatShortCount(run.ratePerSecond)}
      />
      <Card
        name="eta"
        label="ETA"
        value={run.eta === null ? "—" : `${run.eta.predicted ? "~" : "≤ "}${formatDuration(run.eta.seconds)}`}
        title={run.eta?.predicted ? "from the predicted trials of adaptive points" : "if every point runs to its cap"}
      />
      <Card
        name="shards"
        label="shards done"
        value={`${formatCount(run.shardsDone)} / ${formatCount(run.shardsPlanned)}`}
      />
      <Card name="duplicates" label="duplicate shards dropped" value={formatCount(run.duplicatesDropped)} />
      <Card name="rejected" label="messages rejected" value={formatCount(run.rejected)} />
      <Card
        name="retried"
        label="shards retried"
        value={run.shardsRetried === null ? "—" : formatCount(run.shardsRetried)}
        title="merged shards that came from a later attempt (a failure, a stall or a lost worker before it)"
      />
    </div>
  );
}

/** A running run: cards, the stop rule, every point's followed metrics, the selected point's charts, cancel. */
export function LiveRunView({ run, record }: { run: LiveRun; record: RunRecord | undefined }) {
  const [selected, setSelected] = useState(0);
  const [metric, setMetric] = useState<string | undefined>(undefined);
  const [rows, setRows] = useState<PointRows>(new Map());
  const [asking, setAsking] = useState(false);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const point = run.points.find((p) => p.index === selected) ?? run.points[0];
  const models = modelsOf(run);
  const shown = metric !== undefined && run.metrics.includes(metric) ? metric : run.metrics[0];

  useEffect(() => {
    let stale = false;
    setRows(new Map());
    getJson<PointHistory>(`/api/runs/${run.runId}/history?point=${selected}`).then(
      (h) => !stale && setRows(fromHistory(h)),
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [run.runId, selected]);
  useEffect(() => setRows((r) => appendLatest(r, point)), [run.seq]);

  const cancel = async (yes: boolean) => {
    setAsking(false);
    if (!yes) return;
    try {
      const after = await postJson<RunRecord>(`/api/runs/${run.runId}/cancel`);
      setMessage(`cancel sent: ${after.status}${after.cancelRequested ? " (cancel requested)" : ""}`);
    } catch (e) {
      setMessage(`cancel failed: ${(e as Error).message}`);
    }
  };

  return (
    <>
      <RunCards run={run} />
      {run.stopRule !== undefined && (
        <p data-stop-rule>
          Stop rule: {run.stopRule.metrics.join(", ")} to
          {run.stopRule.relHalfWidth !== undefined && ` ±${run.stopRule.relHalfWidth * 100} % relative`}
          {run.stopRule.absHalfWidth !== undefined && ` ±${run.stopRule.absHalfWidth} absolute`} half-width.
        </p>
      )}
      {run.status === "running" && (
        <div class="toolbar">
          <button
            type="button"
            class="danger"
            onClick={() => setAsking(true)}
            disabled={record?.cancelRequested === true}
          >
            Cancel run…
          </button>
          {message !== undefined && <span role="status">{message}</span>}
        </div>
      )}
      <Confirm
        open={asking}
        title={`Cancel run ${run.runId}?`}
        text="Its shards stop; the result keeps the trials merged so far (status cancelled). This cannot be undone."
        yes="Cancel run"
        onAnswer={(yes) => void cancel(yes)}
      />
      {run.warnings.length > 0 && (
        <ul class="warnings" aria-label="convergence warnings">
          {run.warnings.map((w) => (
            <li>⚠ {w}</li>
          ))}
        </ul>
      )}
      <PointsTable
        run={run}
        models={models}
        metric={shown}
        onMetric={setMetric}
        selected={point?.index}
        onSelect={setSelected}
      />
      {point !== undefined && (
        <section aria-labelledby="point-h">
          <h3 id="point-h">
            Point {point.index}
            {point.label === undefined ? "" : ` — ${point.label}`}: {formatCount(point.trials)} trials
            {point.predictedTrials !== null &&
              point.stop === "running" &&
              ` · predicted ${formatCount(Math.max(point.predictedTrials, point.trials))} trials to target`}
          </h3>
          <div class="grid">
            {run.metrics.flatMap((m) => {
              const series = rowsOf(rows, models, m);
              if (series.length === 0) return [];
              return [
                <figure data-chart="estimate" data-metric={m}>
                  <Svg svg={estimateChart(m, run.units[m] ?? "", point.index, series)} />
                  <figcaption>
                    <b>{m}</b>:{" "}
                    {point.slots
                      .filter((s) => s.metric === m)
                      .map(
                        (s) =>
                          `${s.model} ${s.estimate === null ? "—" : formatEstimate(s.estimate, s.halfWidth ?? Number.NaN)}`,
                      )
                      .join(" · ")}
                  </figcaption>
                </figure>,
                <figure data-chart="half-width" data-metric={m}>
                  <Svg
                    svg={halfWidthChart(
                      m,
                      run.units[m] ?? "",
                      point.index,
                      series,
                      targetOf(run, point, m),
                      point.predictedTrials,
                    )}
                  />
                  <figcaption>
                    Half-width of <b>{m}</b> on log–log axes: parallel to the n^-1/2 line once settled; the run stops
                    when every model is under the target.
                  </figcaption>
                </figure>,
              ];
            })}
          </div>
        </section>
      )}
    </>
  );
}
