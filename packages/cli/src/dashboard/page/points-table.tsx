import { formatCount, formatEstimate } from "../../output/format.ts";
import type { LiveRun } from "../live-types.ts";

const stopText = (s: string) => (s === "fixed" ? "done" : s.replace(/_/g, " "));

/**
 * Every point of the run with its trials, stop state and prediction, and one followed metric per model; a row's
 * button selects the point whose charts are drawn (keyboard: Tab to it, Enter).
 */
export function PointsTable(props: {
  run: LiveRun;
  models: readonly string[];
  metric: string | undefined;
  onMetric: (m: string) => void;
  selected: number | undefined;
  onSelect: (p: number) => void;
}) {
  const { run, models, metric } = props;
  return (
    <section aria-labelledby="points-h">
      <h3 id="points-h">Points ({run.points.length})</h3>
      <div class="toolbar">
        <label>
          Metric{" "}
          <select value={metric} onChange={(e) => props.onMetric(e.currentTarget.value)}>
            {run.metrics.map((m) => (
              <option value={m}>{m}</option>
            ))}
          </select>
        </label>
      </div>
      <div class="table-wrap answer">
        <table class="dense" id="points">
          <thead>
            <tr>
              <th scope="col">point</th>
              <th scope="col">trials</th>
              <th scope="col">stop</th>
              <th scope="col">predicted to target</th>
              {models.map((m, i) => (
                <th scope="col">
                  <span class={`swatch s${i % 8}`} />
                  {m}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {run.points.map((p) => (
              <tr class={p.index === props.selected ? "selected" : ""} data-point={p.index}>
                <th scope="row">
                  <button
                    type="button"
                    aria-pressed={p.index === props.selected}
                    onClick={() => props.onSelect(p.index)}
                  >
                    {p.index}
                  </button>
                  {p.label === undefined ? "" : <small> {p.label}</small>}
                </th>
                <td data-trials>{formatCount(p.trials)}</td>
                <td>{stopText(p.stop)}</td>
                <td>{p.predictedTrials === null ? "—" : formatCount(Math.max(p.predictedTrials, p.trials))}</td>
                {models.map((m) => {
                  const s = p.slots.find((x) => x.model === m && x.metric === metric);
                  return (
                    <td data-model={m}>
                      {s?.estimate == null ? "—" : formatEstimate(s.estimate, s.halfWidth ?? Number.NaN)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
