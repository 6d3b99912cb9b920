import { useEffect, useState } from "preact/hooks";
import { formatCount } from "../../output/format.ts";
import type { RunDeadLetters } from "../live-types.ts";
import { getJson } from "./api.ts";
import { DeadLettersTable } from "./dead-letters-table.tsx";

/**
 * The run's shard jobs that failed for good (what failed it, and any that failed after), asked again when its
 * status changes; nothing is shown while there are none.
 */
export function RunDeadLettersView({ runId, status }: { runId: string; status: string | undefined }) {
  const [view, setView] = useState<RunDeadLetters | undefined>(undefined);
  useEffect(() => {
    let stale = false;
    getJson<RunDeadLetters>(`/api/runs/${runId}/dead-letters`).then(
      (v) => !stale && setView(v),
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [runId, status]);
  if (view === undefined || view.matching === 0) return null;
  return (
    <section aria-labelledby="run-dead-h" data-run-dead-letters={view.matching}>
      <h3 id="run-dead-h">
        Dead letters: {formatCount(view.matching)} shard{view.matching === 1 ? "" : "s"} failed for good
      </h3>
      <DeadLettersTable id="run-dead-letters" letters={view.letters} showRun={false} />
    </section>
  );
}
