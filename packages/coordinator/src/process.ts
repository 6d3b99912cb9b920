import { type RunningService, runServiceProcess, type ServiceProcessHooks } from "@mcx/lifecycle";
import { parseCoordinatorEnv } from "@mcx/protocol";
import { acquireLeadership } from "./leadership.ts";
import { startCoordinator } from "./service.ts";

/**
 * Runs a coordinator as the life of this process (`main.js`, and `mcx coordinator` in the CLI's own process),
 * settings from `env`. It first takes the coordinator lease in Redis, waiting as a standby while another coordinator
 * holds it, and exits 1 at once if it ever loses the lease (a standby may be active already). SIGTERM/SIGINT stop
 * it gracefully within MCX_SHUTDOWN_GRACE_MS (+ 3 s at most): runs stay queued and resume on the next active
 * coordinator, the lease is handed over. Never settles once started.
 * @throws McxError MCX_FLAG_INVALID for a bad variable, before anything starts
 */
export async function runCoordinatorProcess(
  env: Readonly<Record<string, string | undefined>>,
  options: ServiceProcessHooks = {},
): Promise<never> {
  const config = parseCoordinatorEnv(env);
  return runServiceProcess({
    name: "mcx-coordinator",
    logLevel: config.logLevel,
    graceMs: config.shutdownGraceMs,
    ...options,
    async start({ logger, signal, exit }): Promise<RunningService | undefined> {
      const leadership = await acquireLeadership({ redis: config.redis, leaseMs: config.leaseMs, logger, signal });
      if (!leadership) return undefined;
      // Another coordinator may be active already: stop now, without the graceful stop that would write state.
      void leadership.lost.then((reason) => exit(1, "coordinator lease lost: stopping", { reason }));
      try {
        const service = await startCoordinator(config, { logger, instance: leadership.id, signal });
        return {
          async close() {
            await service.close();
            await leadership.release();
          },
        };
      } catch (e) {
        await leadership.release();
        throw e;
      }
    },
  });
}
