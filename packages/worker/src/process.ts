import { availableParallelism, hostname } from "node:os";
import { runServiceProcess, type ServiceProcessHooks } from "@mcx/lifecycle";
import { parseWorkerEnv } from "@mcx/protocol";
import { startWorker } from "./service.ts";

/**
 * Runs a worker as the life of this process (`main.js`, and `mcx worker` in the CLI's own process): settings from
 * `env`, SIGTERM/SIGINT stop it gracefully within MCX_SHUTDOWN_GRACE_MS (+ 3 s at most), a second signal exits at
 * once. Never settles once started.
 * @throws McxError MCX_FLAG_INVALID for a bad variable, before anything starts
 * @example await runWorkerProcess(process.env);
 */
export async function runWorkerProcess(
  env: Readonly<Record<string, string | undefined>>,
  options: ServiceProcessHooks = {},
): Promise<never> {
  const config = parseWorkerEnv(env, { cpus: availableParallelism(), hostname: hostname(), pid: process.pid });
  return runServiceProcess({
    name: "mcx-worker",
    logLevel: config.logLevel,
    graceMs: config.shutdownGraceMs,
    ...options,
    start: ({ logger, signal }) => startWorker(config, { logger, signal }),
  });
}
