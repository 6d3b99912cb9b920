// CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (Linux): how the benchmarks charge
// Redis, NATS, the coordinator and the workers for the shards of a run.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/** CPU seconds of each named pid, taken now; `since(before)` gives the difference per name. */
export function cpuSnapshot(pids) {
  const taken = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  return {
    taken,
    since(before) {
      return Object.fromEntries(Object.keys(taken).map((k) => [k, taken[k] - before.taken[k]]));
    },
  };
}

/**
 * CPU seconds this process's main thread has run (/proc/self/task/<pid>/schedstat, nanoseconds). Unlike event-loop
 * utilisation, it does not count time the thread waited for a core, which on a busy machine is most of it.
 */
export function mainThreadCpuSeconds() {
  return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ")[0]) / 1e9;
}

/** CPU seconds `fn` takes on this thread (getrusage: exact, and blind to waiting for a core), for sizing shards. */
export function cpuSecondsOf(fn) {
  const c0 = process.cpuUsage();
  fn();
  const used = process.cpuUsage(c0);
  return (used.user + used.system) / 1e6;
}
