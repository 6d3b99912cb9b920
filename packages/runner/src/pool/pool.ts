import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { McxError, McxErrorCode } from "@mcx/core/errors";
import { Piscina } from "piscina";
import { chooseCompileMode } from "./compile-mode.ts";
import type { EncodedOutcome, TaskOutcome } from "./task-outcome.ts";
import type { PoolThreadData } from "./thread-simulations.ts";

/** Tasks each pool thread holds at once (two hide piscina's dispatch gap of 60–360 µs measured on this machine kind). */
export const TASKS_PER_THREAD = 2;

/** A pool of threads running shard tasks (`shard-task.ts`). */
export type ShardPool = Piscina<unknown, TaskOutcome>;

/**
 * The built task file. Pool threads run plain Node 20, which cannot load TypeScript, so when this module runs from
 * source (tests through the `@mcx/source` condition) the pool still loads `dist/pool/shard-task.js`.
 * @throws McxError MCX_INTERNAL when the package has not been built
 */
export function shardTaskFile(): string {
  const here = import.meta.url;
  const url = here.endsWith(".ts") ? new URL("../../dist/pool/shard-task.js", here) : new URL("./shard-task.js", here);
  const file = fileURLToPath(url);
  if (!existsSync(file)) {
    throw new McxError(McxErrorCode.INTERNAL, `the piscina task file ${file} does not exist`, {
      hint: "build first: sh scripts/pnpm.sh run build",
    });
  }
  return url.href;
}

/**
 * The parent's exec arguments without `--conditions @mcx/source` (either spelling): pool threads load the built
 * `dist/pool/shard-task.js`, whose imports must resolve to built packages too, also when the parent runs from source.
 */
export function threadExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i]!;
    if ((a === "--conditions" || a === "-C") && execArgv[i + 1] === "@mcx/source") {
      i++;
      continue;
    }
    if (a === "--conditions=@mcx/source" || a === "-C=@mcx/source") continue;
    out.push(a);
  }
  return out;
}

/** Options of {@link createShardPool}. */
export interface ShardPoolOptions {
  /** Where the threads find the bundles of user simulations that tasks name by hash (`<hex>.mjs`). */
  readonly bundleDir?: string;
}

/** The one pool factory of `mcx run` and the worker: a fixed-size pool (min = max = `threads`) running shard tasks. */
export function createShardPool(threads: number, options: ShardPoolOptions = {}): ShardPool {
  const workerData: PoolThreadData = options.bundleDir === undefined ? {} : { bundleDir: options.bundleDir };
  chooseCompileMode(threads);
  return new Piscina<unknown, TaskOutcome>({
    filename: shardTaskFile(),
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: TASKS_PER_THREAD,
    atomics: "disabled",
    execArgv: threadExecArgv(),
    workerData,
  });
}

/**
 * Runs one shard on the pool as a worker does (task `encoded`): its summary back as the bytes to publish, with its
 * fingerprint. `signal` aborts it (a worker shutting down).
 */
export function runEncodedShard(pool: ShardPool, task: unknown, signal?: AbortSignal): Promise<EncodedOutcome> {
  const run = pool.run(task, { name: "encoded", ...(signal === undefined ? {} : { signal }) });
  return run as Promise<unknown> as Promise<EncodedOutcome>;
}
