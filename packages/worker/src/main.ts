#!/usr/bin/env node
// The worker process: `node packages/worker/dist/main.js` (or `mcx worker`). Settings come from the environment
// (see WorkerEnv); SIGTERM/SIGINT stop it gracefully, a second signal exits at once.
import { availableParallelism, hostname } from "node:os";
import { exitCodeOf, toMcxError } from "@mcx/core";
import { parseWorkerEnv } from "@mcx/protocol";
import { pino } from "pino";
import { startWorker, type WorkerService } from "./service.ts";

const logger = pino({ name: "mcx-worker", level: process.env["MCX_LOG_LEVEL"] ?? "info" });

function fail(e: unknown): never {
  const err = toMcxError(e);
  logger.fatal({ code: err.code, hint: err.hint }, err.message);
  process.exit(exitCodeOf(err));
}

let config: ReturnType<typeof parseWorkerEnv>;
try {
  config = parseWorkerEnv(process.env, { cpus: availableParallelism(), hostname: hostname(), pid: process.pid });
} catch (e) {
  fail(e);
}
logger.level = config.logLevel;

let service: WorkerService | undefined;
let signals = 0;
const stop = (signal: NodeJS.Signals): void => {
  signals++;
  if (signals > 1) {
    logger.warn({ signal }, "second signal: exiting now");
    process.exit(130);
  }
  logger.info({ signal }, "shutting down");
  if (!service) process.exit(0);
  service.close().then(
    () => process.exit(0),
    (e: unknown) => fail(e),
  );
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// Anything that escapes is a bug: log it loudly but keep serving, since no single shard may take a worker down.
process.on("unhandledRejection", (reason) => logger.error({ err: String(reason) }, "unhandled rejection"));

try {
  service = await startWorker(config, { logger });
} catch (e) {
  fail(e);
}
