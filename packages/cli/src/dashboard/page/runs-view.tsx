import { useMemo, useState } from "preact/hooks";
import { formatCount, formatDuration, formatShortCount } from "../../output/format.ts";
import type { RunRecord, RunsView } from "../live-types.ts";
import { useEventStream } from "./api.ts";
import { runHref } from "./route.ts";
import { ProgressBar, StatusBadge } from "./widgets.tsx";

type SortKey = "submitted" | "name" | "status" | "progress";

const fraction = (r: RunRecord) => (r.trialsPlanned > 0 ? Math.min(1, r.trialsDone / r.trialsPlanned) : 0);

const SORTS: Record<SortKey, (a: RunRecord, b: RunRecord) => number> = {
  submitted: (a, b) => b.submittedAt.localeCompare(a.submittedAt),
  name: (a, b) => a.name.localeCompare(b.name) || b.submittedAt.localeCompare(a.submittedAt),
  status: (a, b) => a.status.localeCompare(b.status) || b.submittedAt.localeCompare(a.submittedAt),
  progress: (a, b) => fraction(b) - fraction(a),
};

function SortHeader(props: { label: string; by: SortKey; sort: SortKey; onSort: (k: SortKey) => void }) {
  const active = props.sort === props.by;
  return (
    <th scope="col" aria-sort={active ? "descending" : "none"}>
      <button type="button" onClick={() => props.onSort(props.by)}>
        {props.label}
        {active ? " ▾" : ""}
      </button>
    </th>
  );
}

function RegressionCell({ run }: { run: RunRecord }) {
  const r = run.regression;
  if (r === undefined)
    return <td class="na">{run.scheduledBy !== undefined && run.status === "running" ? "…" : "—"}</td>;
  return r.differs ? (
    <td>
      <span class="badge regression" title={r.summary}>
        REGRESSION ({r.significant})
      </span>
    </td>
  ) : (
    <td title={r.summary}>no</td>
  );
}

/** Every run the coordinator lists, live (one poll every 2 s for all pages), with a filter and a sort. */
export function RunsPage() {
  const { data, connected } = useEventStream<RunsView>("/api/runs/stream", "runs");
  const [filter, setFilter] = useState("");
  const [status, setStatus] = useState("");
  const [sort, setSort] = useState<SortKey>("submitted");
  const runs = useMemo(() => {
    const text = filter.trim().toLowerCase();
    return [...(data?.runs ?? [])]
      .filter((r) => status === "" || r.status === status)
      .filter(
        (r) =>
          text === "" ||
          [r.runId, r.name, r.simulation, r.scheduledBy ?? ""].some((f) => f.toLowerCase().includes(text)),
      )
      .sort(SORTS[sort]);
  }, [data, filter, status, sort]);
  return (
    <section aria-labelledby="runs-h">
      <h2 id="runs-h">Runs</h2>
      <div class="toolbar">
        <label>
          Filter{" "}
          <input
            type="search"
            value={filter}
            onInput={(e) => setFilter(e.currentTarget.value)}
            placeholder="id, name, schedule"
          />
        </label>
        <label>
          Status{" "}
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">any</option>
            {["running", "completed", "target_not_met", "cancelled", "failed"].map((s) => (
              <option value={s}>{s.replace(/_/g, " ")}</option>
            ))}
          </select>
        </label>
        <span class="note" aria-live="polite">
          {data === undefined ? (connected ? "loading…" : "connecting…") : `${runs.length} of ${data.runs.length} runs`}
        </span>
      </div>
      <div class="table-wrap">
        <table id="runs">
          <thead>
            <tr>
              <th scope="col">run</th>
              <SortHeader label="name" by="name" sort={sort} onSort={setSort} />
              <SortHeader label="status" by="status" sort={sort} onSort={setSort} />
              <SortHeader label="progress" by="progress" sort={sort} onSort={setSort} />
              <th scope="col">trials/s</th>
              <th scope="col">ETA</th>
              <th scope="col">digest</th>
              <th scope="col">schedule</th>
              <th scope="col">regression</th>
              <SortHeader label="submitted" by="submitted" sort={sort} onSort={setSort} />
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => {
              const live = data?.live[r.runId];
              return (
                <tr key={r.runId} data-run={r.runId}>
                  <th scope="row">
                    <a href={runHref(r.runId)}>{r.runId}</a>
                  </th>
                  <td>{r.name}</td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td>
                    <ProgressBar fraction={fraction(r)} />
                    <small>
                      {formatCount(r.trialsDone)} / {formatCount(r.trialsPlanned)}
                    </small>
                  </td>
                  <td>{live?.ratePerSecond == null ? "—" : formatShortCount(live.ratePerSecond)}</td>
                  <td>{live?.etaSeconds == null ? "—" : `≤ ${formatDuration(live.etaSeconds)}`}</td>
                  <td>{r.digest === undefined ? "—" : <code title={r.digest}>{r.digest.slice(7, 19)}…</code>}</td>
                  <td>{r.scheduledBy ?? "—"}</td>
                  <RegressionCell run={r} />
                  <td>{r.submittedAt.replace("T", " ").slice(0, 19)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
