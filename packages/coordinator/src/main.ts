#!/usr/bin/env node
// The coordinator process: `node packages/coordinator/dist/main.js` (or `mcx coordinator`). Settings come from the
// environment (see CoordinatorEnv); SIGTERM/SIGINT stop it gracefully (runs stay queued and resume on the next
// start), a second signal exits at once.
import { exitCodeOf, toMcxError } from "@mcx/core";
import { pino } from "pino";
import { type CoordinatorService, parseCoordinatorEnv, startCoordinator } from "./service/index.ts";

const logger = pino({ name: "mcx-coordinator", level: process.env["MCX_LOG_LEVEL"] ?? "info" });

function fail(e: unknown): never {
  const err = toMcxError(e);
  logger.fatal({ code: err.code, hint: err.hint }, err.message);
  process.exit(exitCodeOf(err));
}

let config: ReturnType<typeof parseCoordinatorEnv>;
try {
  config = parseCoordinatorEnv(process.env);
} catch (e) {
  fail(e);
}
logger.level = config.logLevel;

let service: CoordinatorService | undefined;
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
// A bug in one request or run must not take down the service that holds every other run.
process.on("unhandledRejection", (reason) => logger.error({ err: String(reason) }, "unhandled rejection"));

try {
  service = await startCoordinator(config, { logger });
} catch (e) {
  fail(e);
}
