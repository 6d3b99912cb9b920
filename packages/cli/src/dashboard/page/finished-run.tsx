import { useEffect, useState } from "preact/hooks";
import { COMPARE_BASELINE, type RunRecord, type RunsView, type ScheduleRecord } from "../live-types.ts";
import { getJson } from "./api.ts";

/**
 * A finished run: the report `mcx report` writes (same renderer, in a sandboxed frame: no scripts), the result as
 * JSON or CSV, and the comparison with another finished run or with the baseline of the schedule that started it.
 */
export function FinishedRunView({ record }: { record: RunRecord }) {
  const [others, setOthers] = useState<RunRecord[]>([]);
  const [baseline, setBaseline] = useState<ScheduleRecord | undefined>(undefined);
  const [compare, setCompare] = useState("");
  useEffect(() => {
    getJson<RunsView>("/api/runs").then(
      (v) => {
        setOthers(
          v.runs
            .filter((r) => r.runId !== record.runId && r.status !== "running" && r.digest !== undefined)
            // Runs of the same spec first: those are the comparisons people make.
            .sort((a, b) => Number(b.specHash === record.specHash) - Number(a.specHash === record.specHash)),
        );
        const schedule = v.schedules.find((s) => s.name === record.scheduledBy);
        setBaseline(schedule?.baselineDigest === undefined ? undefined : schedule);
      },
      () => undefined,
    );
  }, [record.runId]);
  const src = `/api/runs/${record.runId}/report.html${compare === "" ? "" : `?compare=${compare}`}`;
  const hasResult = record.status !== "failed" || record.digest !== undefined;
  return (
    <section aria-labelledby="result-h">
      <h3 id="result-h">Result</h3>
      {record.error !== undefined && (
        <p class="bad" role="alert">
          {record.error.code}: {record.error.message}
        </p>
      )}
      {record.regression !== undefined && (
        <p class={record.regression.differs ? "bad" : "ok"} data-regression>
          {record.regression.differs ? "REGRESSION" : "no regression"} against the baseline of schedule{" "}
          {record.scheduledBy}: {record.regression.summary}
        </p>
      )}
      {hasResult && (
        <>
          <div class="toolbar">
            <a href={`/api/runs/${record.runId}/result.json`} download>
              Download JSON
            </a>
            <a href={`/api/runs/${record.runId}/result.csv`} download>
              Download CSV
            </a>
            <label>
              Compare with{" "}
              <select
                value={compare}
                onChange={(e) => setCompare(e.currentTarget.value)}
                aria-label="compare with another run"
              >
                <option value="">nothing</option>
                {baseline !== undefined && (
                  <option value={COMPARE_BASELINE}>
                    the baseline of schedule {baseline.name} ({baseline.baselineDigest!.slice(0, 15)}…)
                  </option>
                )}
                {others.map((r) => (
                  <option value={r.runId}>
                    {r.runId} ({r.name}
                    {r.specHash === record.specHash ? ", same spec" : ""})
                  </option>
                ))}
              </select>
            </label>
          </div>
          {compare === COMPARE_BASELINE &&
            baseline !== undefined &&
            record.regression !== undefined &&
            record.regression.baselineDigest !== baseline.baselineDigest && (
              <p class="note" data-baseline-changed>
                The schedule's baseline changed since this run was judged: the verdict above is against{" "}
                <code>{record.regression.baselineDigest.slice(0, 15)}…</code>, this comparison against the current one.
              </p>
            )}
          <iframe
            class="report"
            title={`report of run ${record.runId}`}
            src={src}
            sandbox="allow-same-origin allow-downloads"
          />
        </>
      )}
    </section>
  );
}
