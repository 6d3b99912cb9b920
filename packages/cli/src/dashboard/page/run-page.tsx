import { useEffect, useState } from "preact/hooks";
import type { LiveRun, RunRecord } from "../live-types.ts";
import { getJson, useEventStream } from "./api.ts";
import { FinishedRunView } from "./finished-run.tsx";
import { LiveRunView, RunCards } from "./live-run.tsx";
import { RunDeadLettersView } from "./run-dead-letters.tsx";
import { StatusBadge } from "./widgets.tsx";

/** One run: live while it runs (the event stream), then its result and report. */
export function RunPage({ runId }: { runId: string }) {
  const { data: run, connected } = useEventStream<LiveRun>(`/api/runs/${runId}/live`, "run");
  const [record, setRecord] = useState<RunRecord | undefined>(undefined);
  const [missing, setMissing] = useState<string | undefined>(undefined);
  const status = run?.status;
  useEffect(() => {
    getJson<RunRecord>(`/api/runs/${runId}`).then(setRecord, (e: Error) => setMissing(e.message));
  }, [runId, status]);
  if (missing !== undefined && run === undefined)
    return (
      <p class="bad" role="alert">
        Run {runId}: {missing}
      </p>
    );
  return (
    <article aria-labelledby="run-h" data-run={runId} data-status={status ?? "loading"} data-seq={run?.seq ?? 0}>
      <h2 id="run-h">
        {runId}{" "}
        {record !== undefined && (
          <small>
            {record.name} · {record.simulation}
          </small>
        )}{" "}
        {status !== undefined && <StatusBadge status={status} />}
        {record?.scheduledBy !== undefined && <small> · schedule {record.scheduledBy}</small>}
      </h2>
      {!connected && <p class="note">reconnecting…</p>}
      <RunDeadLettersView runId={runId} status={status} />
      {run === undefined ? (
        <p>loading…</p>
      ) : run.status === "running" ? (
        <LiveRunView run={run} record={record} />
      ) : (
        <>
          <RunCards run={run} />
          {run.digest !== undefined && (
            <p>
              digest <code data-digest>{run.digest}</code>
            </p>
          )}
          {record !== undefined && record.status !== "running" && <FinishedRunView record={record} />}
        </>
      )}
    </article>
  );
}
