import type { EventEmitter } from "node:events";
import { exitCodeOf, type McxError, toMcxError } from "@mcx/core";
import { type LevelWithSilent, type Logger, pino } from "pino";

/**
 * How long after its grace period a stopping service exits whatever it still waits for. The contract is "within the
 * grace period + 5 s"; the rest of those 5 s is room for a loaded machine to run the timer late.
 */
export const SHUTDOWN_MARGIN_MS = 3_000;

/** A started service, as {@link runServiceProcess} stops it. */
export interface RunningService {
  /** The graceful stop (idempotent). */
  close(): Promise<void>;
}

/** What a service's `start` gets. */
export interface ServiceContext {
  readonly logger: Logger;
  /** Aborted by the first stop signal: a start that is still waiting (a standby, a missing stream) gives up. */
  readonly signal: AbortSignal;
  /** Logs `message` as fatal and exits now, without the graceful stop: for a service that must not go on. */
  exit(code: number, message: string, details?: Readonly<Record<string, unknown>>): void;
}

/** Options of {@link runServiceProcess}. */
export interface ServiceProcessOptions {
  /** The logger's name, e.g. `mcx-worker`. */
  readonly name: string;
  readonly logLevel: LevelWithSilent;
  /** MCX_SHUTDOWN_GRACE_MS. */
  readonly graceMs: number;
  /** Starts the service; `undefined` when there is nothing to run (told to stop while waiting as a standby). */
  start(context: ServiceContext): Promise<RunningService | undefined>;
  /** Reports an error that stopped the service before it ran. @defaultValue a fatal log line */
  readonly reportStartError?: (error: McxError) => void;
  /** @defaultValue `pino({ name, level: logLevel })` */
  readonly logger?: Logger;
  /** Where SIGTERM, SIGINT and unhandled rejections come from. @defaultValue `process` */
  readonly events?: EventEmitter;
  /** @defaultValue `process.exit` */
  readonly exitProcess?: (code: number) => void;
}

/** What the caller of a service's process entry (`runWorkerProcess`, `runCoordinatorProcess`) may choose. */
export type ServiceProcessHooks = Pick<ServiceProcessOptions, "reportStartError">;

/**
 * Runs a service as the life of this process. It starts the service; the first SIGTERM or SIGINT stops it
 * gracefully and exits 0 (1 when the stop failed), a second one exits 130 at once. Whatever the service waits for,
 * the process exits at the latest {@link SHUTDOWN_MARGIN_MS} after the grace period, with status 1: a Redis or NATS
 * that does not answer cannot keep a stopped service alive. An error before the service runs is reported and exits
 * with its status (2 bad settings, 1 otherwise).
 *
 * The returned promise never settles: the process ends by exiting.
 * @example
 * await runServiceProcess({ name: "mcx-worker", logLevel: "info", graceMs: 25_000, start: ({ logger }) => startWorker(config, { logger }) });
 */
export function runServiceProcess(options: ServiceProcessOptions): Promise<never> {
  const logger = options.logger ?? pino({ name: options.name, level: options.logLevel });
  const events: EventEmitter = options.events ?? process;
  const exitProcess = options.exitProcess ?? ((code: number) => process.exit(code));
  const stopping = new AbortController();
  let service: RunningService | undefined;
  let deadline: NodeJS.Timeout | undefined;
  let signals = 0;
  let exited = false;

  const exit = (code: number): void => {
    if (exited) return;
    exited = true;
    clearTimeout(deadline);
    exitProcess(code);
  };
  const stop = (running: RunningService): void => {
    running.close().then(
      () => exit(0),
      (e: unknown) => {
        logger.error({ err: toMcxError(e).message }, "graceful stop failed");
        exit(1);
      },
    );
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    signals++;
    if (signals > 1) {
      logger.warn({ signal }, "second signal: exiting now");
      exit(130);
      return;
    }
    logger.info({ signal, graceMs: options.graceMs }, "shutting down");
    stopping.abort(new Error(`stopped by ${signal}`));
    deadline = setTimeout(() => {
      logger.fatal(
        { graceMs: options.graceMs, marginMs: SHUTDOWN_MARGIN_MS },
        "the graceful stop did not finish in time: exiting now",
      );
      exit(1);
    }, options.graceMs + SHUTDOWN_MARGIN_MS);
    if (service) stop(service);
    // Still starting: start() sees the signal, and what it returns is stopped below.
  };
  events.on("SIGTERM", onSignal);
  events.on("SIGINT", onSignal);
  // A bug in one request, run or shard must not take down the service that holds all the others: log it loudly.
  events.on("unhandledRejection", (reason: unknown) => logger.error({ err: String(reason) }, "unhandled rejection"));

  const context: ServiceContext = {
    logger,
    signal: stopping.signal,
    exit(code, message, details = {}) {
      logger.fatal(details, message);
      exit(code);
    },
  };
  void (async () => {
    try {
      service = await options.start(context);
    } catch (e) {
      if (stopping.signal.aborted) {
        logger.info("stopped while starting");
        exit(0);
        return;
      }
      const err = toMcxError(e);
      if (options.reportStartError) options.reportStartError(err);
      else logger.fatal({ code: err.code, hint: err.hint }, err.message);
      exit(exitCodeOf(err));
      return;
    }
    if (service === undefined) exit(0);
    else if (stopping.signal.aborted) stop(service);
  })();
  return new Promise<never>(() => undefined);
}

/**
 * The handler of an error thrown before a service's process could start (bad settings): one fatal log line, then
 * exit with its status. For the `main.js` entries; `mcx coordinator` and `mcx worker` print the CLI's error line.
 * @example await runWorkerProcess(process.env).catch(exitOnError("mcx-worker"));
 */
export function exitOnError(name: string): (e: unknown) => never {
  return (e) => {
    const err = toMcxError(e);
    pino({ name }).fatal({ code: err.code, hint: err.hint }, err.message);
    process.exit(exitCodeOf(err));
  };
}
