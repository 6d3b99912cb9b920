import type { Command } from "commander";

/**
 * One `mcx` command as `mcx --help` lists it, and where its code is. A command's module (and everything it imports:
 * @mcx/core, the runner, the client, the statistics libraries) is loaded only when that command runs or shows its
 * own help, so `mcx --version` and `mcx --help` start in about the time of a bare `node` (issue 9, item 3).
 */
export interface CommandEntry {
  readonly name: string;
  /** Its line in `mcx --help` after the name, as commander prints it: `[options] <spec>`. */
  readonly usage: string;
  /** The one-line description; the command's module sets the same text (a test compares them). */
  readonly description: string;
  readonly load: () => Promise<{ register(program: Command): void }>;
}

/** In the order `mcx --help` lists them: local runs, cluster runs, results, services, tools. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "run",
    usage: "[options] <spec>",
    description: "run a spec in this process (in-process queue + piscina pool, no servers)",
    load: () => import("./commands/run.ts"),
  },
  {
    name: "validate",
    usage: "[options] <spec>",
    description: "check a spec and print its points, trials and shards; runs nothing",
    load: () => import("./commands/validate.ts"),
  },
  {
    name: "models",
    usage: "[options] [name]",
    description: "list simulations, their models, metrics and parameters (with defaults, from the schema)",
    load: () => import("./commands/models.ts"),
  },
  {
    name: "submit",
    usage: "[options] <spec>",
    description: "send a spec to the coordinator; prints the run id (--wait follows it and exits like `mcx run`)",
    load: () => import("./commands/submit.ts"),
  },
  {
    name: "status",
    usage: "[options] [run]",
    description: "show a cluster run, or list the latest runs and the live workers",
    load: () => import("./commands/status.ts"),
  },
  {
    name: "watch",
    usage: "[options] <run>",
    description: "follow a cluster run: live estimate ± half-width vs trials, rate and ETA, until it ends",
    load: () => import("./commands/watch.ts"),
  },
  {
    name: "results",
    usage: "[options] <run>",
    description: "print the result of a finished cluster run (summary table, --json or --csv)",
    load: () => import("./commands/results.ts"),
  },
  {
    name: "cancel",
    usage: "[options] <run>",
    description: "cancel a cluster run; the result keeps the trials merged so far (status cancelled)",
    load: () => import("./commands/cancel.ts"),
  },
  {
    name: "retry",
    usage: "[options] <run>",
    description: "run a failed run's dead-lettered shards again, once the cause is fixed; the run goes on from there",
    load: () => import("./commands/retry.ts"),
  },
  {
    name: "schedule",
    usage: "",
    description: "nightly (or every N seconds) runs of a spec, compared with a baseline result",
    load: () => import("./commands/schedule.ts"),
  },
  {
    name: "compare",
    usage: "[options] <a> <b>",
    description: "statistical comparison of two results, b − a per point, model and metric (exit 3 when they differ)",
    load: () => import("./commands/compare.ts"),
  },
  {
    name: "report",
    usage: "[options] <result>",
    description: "write one self-contained HTML report of a result (inline SVG plots, no network)",
    load: () => import("./commands/report.ts"),
  },
  {
    name: "coordinator",
    usage: "[options]",
    description: "run the coordinator service (NATS API, planning, merging, run state); resumes unfinished runs",
    load: () => import("./commands/coordinator.ts"),
  },
  {
    name: "worker",
    usage: "[options]",
    description: "run a worker: takes shard jobs from Redis, runs them on a thread pool, publishes summaries to NATS",
    load: () => import("./commands/worker.ts"),
  },
  {
    name: "rng",
    usage: "[options]",
    description: "write raw little-endian uint32 from the project's generator to stdout (for dieharder / PractRand)",
    load: () => import("./commands/rng.ts"),
  },
];
