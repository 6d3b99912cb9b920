#!/usr/bin/env node
// The coordinator process: `node packages/coordinator/dist/main.js` (or `mcx coordinator`). Settings come from the
// environment (see CoordinatorEnv). It first takes the coordinator lease in Redis, waiting as a standby while another
// coordinator holds it; it stops at once (exit 1) if it ever loses the lease. SIGTERM/SIGINT stop it gracefully (runs
// stay queued and resume on the next active coordinator, and the lease is handed over), a second signal exits at once.
import { exitCodeOf, toMcxError } from "@mcx/core";
import { parseCoordinatorEnv } from "@mcx/protocol";
import { pino } from "pino";
import { acquireLeadership, type Leadership } from "./leadership.ts";
import { type CoordinatorService, startCoordinator } from "./service.ts";

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

let leadership: Leadership | undefined;
let service: CoordinatorService | undefined;
const standby = new AbortController();
let signals = 0;
const stop = (signal: NodeJS.Signals): void => {
  signals++;
  if (signals > 1) {
    logger.warn({ signal }, "second signal: exiting now");
    process.exit(130);
  }
  logger.info({ signal }, "shutting down");
  // Still waiting as a standby (or starting): nothing to hand over yet.
  standby.abort();
  if (!service) return;
  service
    .close()
    .then(() => leadership?.release())
    .then(
      () => process.exit(0),
      (e: unknown) => fail(e),
    );
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// A bug in one request or run must not take down the service that holds every other run.
process.on("unhandledRejection", (reason) => logger.error({ err: String(reason) }, "unhandled rejection"));

try {
  leadership = await acquireLeadership({
    redis: config.redis,
    leaseMs: config.leaseMs,
    logger,
    signal: standby.signal,
  });
  if (!leadership) process.exit(0);
  void leadership.lost.then((reason) => {
    // Another coordinator may be active already: stop now, without the graceful close that would write state.
    logger.fatal({ reason }, "coordinator lease lost: stopping");
    process.exit(1);
  });
  if (standby.signal.aborted) {
    await leadership.release();
    process.exit(0);
  }
  service = await startCoordinator(config, { logger, instance: leadership.id });
  // A signal that came while starting: stop now that there is something to stop.
  if (standby.signal.aborted) {
    signals = 0;
    stop("SIGTERM");
  }
} catch (e) {
  await leadership?.release();
  fail(e);
}
