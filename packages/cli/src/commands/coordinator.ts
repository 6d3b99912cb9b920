import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { McxError, McxErrorCode } from "@mcx/core";
import type { Command } from "commander";

/** Service flags that map onto the services' environment variables. */
export interface ServiceFlags {
  readonly redis?: string;
  readonly nats?: string;
}

/**
 * Runs a service entry (`main.js` of @mcx/coordinator or @mcx/worker) as a child process with `env`, forwarding
 * SIGINT/SIGTERM so its graceful shutdown runs, and exits with its status. A child keeps the CLI free of the
 * services' dependencies (the worker is not a dependency of the CLI).
 */
export function runService(entry: string, env: NodeJS.ProcessEnv, what: string): Promise<void> {
  if (!existsSync(entry)) {
    throw new McxError(McxErrorCode.INTERNAL, `the ${what} entry ${entry} does not exist`, {
      hint: "build first: sh scripts/pnpm.sh run build",
    });
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry], { env, stdio: "inherit" });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      if (code === 0 || signal === "SIGINT" || signal === "SIGTERM") resolve();
      else {
        process.exitCode = code ?? 1;
        resolve();
      }
    });
  });
}

/** The built entry of a service package next to @mcx/cli in this installation. */
export function serviceEntry(pkg: "coordinator" | "worker"): string {
  // .../packages/cli/dist/commands/coordinator.js (or src/commands/coordinator.ts) → .../packages/<pkg>/dist/main.js
  return fileURLToPath(new URL(`../../../${pkg}/dist/main.js`, import.meta.url));
}

/** Environment of a service: the caller's, with flags taking precedence. */
export function serviceEnv(flags: ServiceFlags, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (flags.redis !== undefined) env["MCX_REDIS_URL"] = flags.redis;
  if (flags.nats !== undefined) env["MCX_NATS_URL"] = flags.nats;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

/** `mcx coordinator`: the long-running coordinator service. */
export function register(program: Command): void {
  program
    .command("coordinator")
    .description("run the coordinator service (NATS API, planning, merging, run state); resumes unfinished runs")
    .option("--redis <url>", "Redis URL, may carry user:password (default: $MCX_REDIS_URL or redis://127.0.0.1:6379)")
    .option("--nats <url>", "NATS URL(s), comma-separated (default: $MCX_NATS_URL or nats://127.0.0.1:4222)")
    .addHelpText(
      "after",
      '\nCredentials: MCX_REDIS_USER/MCX_REDIS_PASSWORD (or in the URL), MCX_NATS_USER/MCX_NATS_PASSWORD or MCX_NATS_TOKEN.\nLogs are JSON lines (pino) on stdout. SIGTERM stops it gracefully; runs resume on the next start.\nSeveral may run: the one holding the Redis lease is active, the others wait as standbys and take over.\nEvery setting: the README\'s "Service settings" table.',
    )
    .action(async (options: ServiceFlags) => {
      await runService(serviceEntry("coordinator"), serviceEnv(options), "coordinator");
    });
}
