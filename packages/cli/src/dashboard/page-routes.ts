import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { htmlPage } from "../report/html-page.ts";
import { REPORT_CSS } from "../report/style.ts";
import { esc } from "../report/svg.ts";
import { type Guard, SESSION_COOKIE } from "./auth.ts";
import { DASHBOARD_CSS } from "./dashboard-style.ts";

/** The page's script, bundled at build time (scripts/bundle-dashboard.mjs) next to this module, or in dist/ for tests. */
function bundlePath(): string | undefined {
  const candidates = ["./page/app.js", "../../dist/dashboard/page/app.js"].map((p) =>
    fileURLToPath(new URL(p, import.meta.url)),
  );
  return candidates.find((p) => existsSync(p));
}

/** A dashboard page: the shared head, the dashboard stylesheet and, for the app itself, its bundled script. */
function shell(title: string, body: string, script: boolean): string {
  const scriptTag = script ? '<script type="module" src="/assets/app.js"></script>\n' : "";
  return htmlPage({ title, head: `<link rel="stylesheet" href="/assets/app.css">\n${scriptTag}`, body });
}

/** The sign-in page of a dashboard with a token: a form posting it once; the browser then holds a session cookie. */
export function loginPage(message: string | undefined): string {
  return shell(
    "mcx dashboard — sign in",
    `<main class="login"><h1>mcx dashboard</h1><form method="post" action="/login"><label for="token">Token</label><input id="token" name="token" type="password" autocomplete="current-password" required autofocus><button type="submit">Sign in</button></form>${message === undefined ? "" : `<p class="bad" role="alert">${esc(message)}</p>`}<p class="note">The token is the one given to <code>mcx dashboard --token</code> (or MCX_DASHBOARD_TOKEN).</p></main>`,
    false,
  );
}

/** The page, its bundled script and stylesheet (the report's colours), and signing in and out. */
export function registerPage(app: FastifyInstance, guard: Guard): void {
  const file = bundlePath();
  const script = file === undefined ? undefined : readFileSync(file, "utf8");
  const css = `${REPORT_CSS}\n${DASHBOARD_CSS}`;
  const index = shell(
    "mcx dashboard",
    `<div id="app"><noscript>The dashboard needs JavaScript; <code>mcx status</code> and <code>mcx report</code> work without.</noscript></div>`,
    true,
  );
  app.get("/", (_req, reply) =>
    reply.header("content-type", "text/html; charset=utf-8").header("cache-control", "no-store").send(index),
  );
  app.get("/assets/app.css", (_req, reply) => reply.header("content-type", "text/css; charset=utf-8").send(css));
  app.get("/assets/app.js", (_req, reply) =>
    script === undefined
      ? reply.code(503).send("the dashboard page is not built: run `sh scripts/pnpm.sh run build`")
      : reply.header("content-type", "text/javascript; charset=utf-8").send(script),
  );
  app.get("/login", (_req, reply) =>
    reply.header("content-type", "text/html; charset=utf-8").send(loginPage(undefined)),
  );
  app.post<{ Body: { token?: string } }>("/login", (request, reply) => {
    const token = typeof request.body?.token === "string" ? request.body.token : "";
    if (!guard.required || !guard.matches(token))
      return reply
        .code(401)
        .header("content-type", "text/html; charset=utf-8")
        .send(loginPage("That is not the token."));
    return reply
      .setCookie(SESSION_COOKIE, guard.session, { httpOnly: true, sameSite: "strict", path: "/" })
      .redirect("/", 303);
  });
  app.post("/logout", (_req, reply) => reply.clearCookie(SESSION_COOKIE, { path: "/" }).redirect("/login", 303));
}
