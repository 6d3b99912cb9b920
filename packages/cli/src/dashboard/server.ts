import cookie from "@fastify/cookie";
import Fastify, { type FastifyInstance } from "fastify";
import { registerApi } from "./api-routes.ts";
import { createGuard, refuse } from "./auth.ts";
import type { CoordinatorLink } from "./coordinator-link.ts";
import { FeedRegistry } from "./feeds.ts";
import type { DashboardOptions } from "./options.ts";
import { loginPage, registerPage } from "./page-routes.ts";
import { registerResults } from "./result-routes.ts";
import { RunsPoller } from "./runs-poller.ts";
import { SECURITY_HEADERS } from "./security-headers.ts";

/** Paths reachable without the token: the sign-in page and the stylesheet it uses. */
const OPEN_PATHS = new Set(["/login", "/assets/app.css"]);

export interface DashboardServerOptions {
  readonly options: DashboardOptions;
  readonly link: CoordinatorLink;
  /** The footer line of reports ("mcx 0.1.0"). */
  readonly generator: string;
  /** Least time between two updates of a run's stream. @defaultValue 250 */
  readonly minIntervalMs?: number;
}

/** The running dashboard: its address, and `close`, which ends every stream and the server. */
export interface DashboardServer {
  readonly app: FastifyInstance;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Builds the dashboard's HTTP server (not listening yet): the page, its JSON and event-stream API, reports and
 * downloads. With a token, every request and stream needs it (or the session cookie it buys); on a loopback bind
 * without one, only this machine's host names are served, and no request from another origin may change anything.
 */
export function createDashboardApp(server: DashboardServerOptions): {
  app: FastifyInstance;
  feeds: FeedRegistry;
  runs: RunsPoller;
} {
  const { options, link } = server;
  const guard = createGuard({ token: options.token, host: options.host });
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  void app.register(cookie);
  app.addHook("onRequest", async (request, reply) => {
    reply.headers(SECURITY_HEADERS);
    const refusal = guard.refusal(request);
    if (refusal !== undefined) return refuse(reply, 403, refusal);
    const path = request.url.split("?")[0] ?? "";
    if (!guard.required || OPEN_PATHS.has(path) || guard.allows(request)) return undefined;
    if (path === "/" || (request.headers.accept ?? "").includes("text/html"))
      return reply.code(401).header("content-type", "text/html; charset=utf-8").send(loginPage(undefined));
    return refuse(reply, 401, "this dashboard needs its token (Authorization: Bearer …, or sign in at /login)");
  });
  const feeds = new FeedRegistry(
    link,
    server.minIntervalMs === undefined ? {} : { minIntervalMs: server.minIntervalMs },
  );
  const runs = new RunsPoller(link);
  registerPage(app, guard);
  registerApi(app, { link, feeds, runs });
  registerResults(app, link, server.generator);
  app.addHook("onClose", async () => {
    feeds.stopAll();
    runs.stop();
  });
  return { app, feeds, runs };
}

/** Starts the dashboard on `options.host`:`options.port` (port 0 picks a free one). */
export async function startDashboard(server: DashboardServerOptions): Promise<DashboardServer> {
  const { app } = createDashboardApp(server);
  // Open event streams would keep close() waiting: end them with the server.
  const address = await app.listen({ host: server.options.host, port: server.options.port });
  return {
    app,
    url: address,
    close: async () => {
      app.server.closeAllConnections?.();
      await app.close();
    },
  };
}
