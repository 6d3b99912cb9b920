import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { McxError, McxErrorCode } from "@mcx/core";
import { Piscina } from "piscina";
import type { ShardTaskResult } from "./task-result.ts";

/** Tasks each pool thread holds at once (performance.md: hides the 60–360 µs dispatch gap). */
export const TASKS_PER_THREAD = 2;

/**
 * The built task file. Worker threads run plain Node, which cannot load TypeScript, so when this module runs from
 * source (tests through the `@mcx/source` condition) the pool still loads `dist/embedded/shard-task.js`.
 * @throws McxError MCX_INTERNAL when the package has not been built
 */
export function shardTaskFile(): string {
  const here = import.meta.url;
  const url = here.endsWith(".ts")
    ? new URL("../../dist/embedded/shard-task.js", here)
    : new URL("./shard-task.js", here);
  const file = fileURLToPath(url);
  if (!existsSync(file)) {
    throw new McxError(McxErrorCode.INTERNAL, `the piscina task file ${file} does not exist`, {
      hint: "build first: sh scripts/pnpm.sh run build",
    });
  }
  return url.href;
}

/**
 * The parent's execArgv without the `@mcx/source` export condition. Test runners pass it so workspace packages
 * resolve to their TypeScript sources; threads inherit execArgv, and plain Node 20 threads cannot load `.ts`, so
 * they resolve `@mcx/core` to its built `dist` like the task file itself.
 */
export function threadExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i]!;
    if (/^(--conditions|-C)=@mcx\/source$/.test(a)) continue;
    if ((a === "--conditions" || a === "-C") && execArgv[i + 1] === "@mcx/source") {
      i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/** A fixed-size pool (min = max = `threads`) running shard tasks. */
export function createShardPool(threads: number): Piscina<unknown, ShardTaskResult> {
  return new Piscina<unknown, ShardTaskResult>({
    filename: shardTaskFile(),
    name: "default",
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: TASKS_PER_THREAD,
    atomics: "disabled",
    execArgv: threadExecArgv(),
  });
}
