// Preloaded into `mcx run` by the start-up benchmark (`node --import bench/probes/first-shard.mjs …`): notes when the
// first shard was handed to the pool and when it started running on a pool thread (the thread's own clock, carried in the task outcome as `startedAt`)
// and writes it with the process start time to $MCX_PROBE_OUT at exit. Pool threads load it too and do nothing.
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { isMainThread } from "node:worker_threads";

if (isMainThread && process.env.MCX_PROBE_OUT) {
  // The runner's own copy of piscina (the one `mcx run` uses), patched before the CLI loads it.
  const require = createRequire(new URL("../../packages/runner/package.json", import.meta.url));
  const { Piscina } = require("piscina");
  const run = Piscina.prototype.run;
  let firstShardStartedAt;
  let firstDispatchAt;
  Piscina.prototype.run = function (task, options) {
    firstDispatchAt ??= performance.timeOrigin + performance.now();
    return run.call(this, task, options).then((outcome) => {
      if (outcome?.ok && typeof outcome.startedAt === "number")
        firstShardStartedAt = Math.min(firstShardStartedAt ?? Number.POSITIVE_INFINITY, outcome.startedAt);
      return outcome;
    });
  };
  process.on("exit", () => {
    writeFileSync(
      process.env.MCX_PROBE_OUT,
      JSON.stringify({ processStart: performance.timeOrigin, firstDispatchAt, firstShardStartedAt }),
    );
  });
}
