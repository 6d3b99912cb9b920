import { useEffect, useState } from "preact/hooks";
import type { RunRecord, RunsView } from "../live-types.ts";
import { getJson } from "./api.ts";

/**
 * A finished run: the report `mcx report` writes (same renderer, in a sandboxed frame: no scripts), the result as
 * JSON or CSV, and the comparison with another finished run. The schedule's baseline document is not served by the
 * coordinator API yet: its verdict (the regression flag) is shown, the full comparison is a marked gap.
 */
export function FinishedRunView({ record }: { record: RunRecord }) {
  const [others, setOthers] = useState<RunRecord[]>([]);
  const [compare, setCompare] = useState("");
  useEffect(() => {
    getJson<RunsView>("/api/runs").then(
      (v) =>
        setOthers(
          v.runs
            .filter((r) => r.runId !== record.runId && r.status !== "running" && r.digest !== undefined)
            // Runs of the same spec first: those are the comparisons people make.
            .sort((a, b) => Number(b.specHash === record.specHash) - Number(a.specHash === record.specHash)),
        ),
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
                {others.map((r) => (
                  <option value={r.runId}>
                    {r.runId} ({r.name}
                    {r.specHash === record.specHash ? ", same spec" : ""})
                  </option>
                ))}
              </select>
            </label>
          </div>
          {record.scheduledBy !== undefined && (
            <div class="gap" data-gap="baseline">
              Comparing with the schedule's baseline document needs the coordinator API to serve it (it keeps only its
              digest{record.regression === undefined ? "" : " and the verdict above"} today).
            </div>
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
