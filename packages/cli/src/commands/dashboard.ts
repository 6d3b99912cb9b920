import type { Command } from "commander";
import { version } from "../version.ts";

interface DashboardFlags {
  readonly port?: string;
  readonly host?: string;
  readonly token?: string;
  readonly nats?: string;
}

/**
 * `mcx dashboard`: the live web dashboard, talking to the coordinator as the `cli` NATS user. Runs until SIGINT or
 * SIGTERM. The server and its framework load only when the command runs.
 */
export function register(program: Command): void {
  program
    .command("dashboard")
    .description("live web dashboard: runs, convergence, workers, reports (binds to 127.0.0.1 unless given a token)")
    .option("--port <port>", "port to listen on; 0 picks a free one (default 8080)")
    .option("--host <host>", "address to bind (default 127.0.0.1); any other needs --token")
    .option("--token <token>", "token every request must carry (default: $MCX_DASHBOARD_TOKEN)")
    .option("--nats <url>", "NATS server URL(s), comma-separated (default: $MCX_NATS_URL or nats://127.0.0.1:4222)")
    .addHelpText(
      "after",
      "\nCredentials: MCX_NATS_USER and MCX_NATS_PASSWORD, or MCX_NATS_TOKEN (the `cli` user of infra/nats/auth.conf).\nWith a token, open the printed address and sign in with it; scripts send `Authorization: Bearer <token>`.",
    )
    .action(async (flags: DashboardFlags) => {
      const { dashboardOptions } = await import("../dashboard/options.ts");
      const options = dashboardOptions(flags, process.env);
      const { connectCoordinator, linkOptions } = await import("../dashboard/coordinator-link.ts");
      const { startDashboard } = await import("../dashboard/server.ts");
      const link = await connectCoordinator(linkOptions(process.env, flags.nats));
      const server = await startDashboard({ options, link, generator: `mcx ${version()}` });
      process.stdout.write(`mcx dashboard on ${server.url}${options.token === undefined ? "" : " (token required)"}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await server.close();
      await link.close();
    });
}
