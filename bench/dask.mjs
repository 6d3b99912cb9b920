// Runs the Dask peer (bench/dask/peer.py) when a python3 with dask.distributed is on this machine: `python3` on the
// PATH, else Debian's /usr/bin/python3 (where `scripts/ensure-servers.sh --bench` installs python3-distributed).
// Returns its figures, or `{ skipped: reason }`: a benchmark then says the peer was not run, and divides by nothing
// measured on another day.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const PEER = fileURLToPath(new URL("./dask/peer.py", import.meta.url));

function daskPython() {
  for (const python of ["python3", "/usr/bin/python3"]) {
    const r = spawnSync(python, ["-c", "import distributed"], { stdio: "ignore" });
    if (r.status === 0) return python;
  }
  return undefined;
}

/** Dask LocalCluster (2 processes × 1 thread): no-op tasks/s and the efficiency of ~10 ms tasks, medians of `reps`. */
export function runDaskPeer({ noopTasks, workTasks, reps }) {
  const python = daskPython();
  if (python === undefined) {
    return { skipped: "no python3 with dask.distributed (scripts/ensure-servers.sh --bench installs it)" };
  }
  const r = spawnSync(python, [PEER, String(noopTasks), String(workTasks), String(reps)], {
    encoding: "utf8",
    timeout: 10 * 60_000,
  });
  const line = r.stdout.split("\n").find((l) => l.startsWith("{"));
  if (r.status !== 0 || line === undefined) {
    return {
      skipped: `the Dask peer failed (${r.status ?? r.signal}): ${r.stderr.trim().split("\n").slice(-3).join(" ")}`,
    };
  }
  return { ...JSON.parse(line), python };
}
