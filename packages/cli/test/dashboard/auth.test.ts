import { McxError, McxErrorCode } from "@mcx/core";
import { afterEach, describe, expect, it } from "vitest";
import type { CoordinatorLink } from "../../src/dashboard/coordinator-link.ts";
import { createDashboardApp } from "../../src/dashboard/server.ts";

const TOKEN = "s3cret-token-0123456789";

/** A link that is never connected: a request that gets past the guard answers 503 (the coordinator is away). */
const away: CoordinatorLink = new Proxy({} as CoordinatorLink, {
  get: (_t, name) =>
    name === "close"
      ? async () => undefined
      : async () => {
          throw new McxError(McxErrorCode.CONNECTION, "not connected (test)");
        },
});

const apps: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

function app(host: string, token: string | undefined) {
  const { app } = createDashboardApp({ options: { host, port: 0, token }, link: away, generator: "mcx test" });
  apps.push(app);
  return app;
}

describe("the dashboard's guard", () => {
  it("with a token, refuses every request and stream without it (401), and lets the token through", async () => {
    const a = app("0.0.0.0", TOKEN);
    for (const [method, url] of [
      ["GET", "/api/runs"],
      ["GET", "/api/runs/stream"],
      ["GET", "/api/runs/r1/live"],
      ["POST", "/api/runs/r1/cancel"],
      ["GET", "/api/runs/r1/report.html"],
      ["GET", "/api/workers"],
      ["GET", "/assets/app.js"],
    ] as const) {
      const r = await a.inject({ method, url, headers: { host: "dash.example:8080" } });
      expect(r.statusCode, `${method} ${url}`).toBe(401);
      const wrong = await a.inject({
        method,
        url,
        headers: { host: "dash.example:8080", authorization: "Bearer nope" },
      });
      expect(wrong.statusCode, `${method} ${url} with a wrong token`).toBe(401);
    }
    const ok = await a.inject({
      url: "/api/runs",
      headers: { host: "dash.example:8080", authorization: `Bearer ${TOKEN}` },
    });
    expect(ok.statusCode).toBe(503);
    // The page itself: the sign-in form, never the token.
    const page = await a.inject({ url: "/", headers: { host: "dash.example:8080", accept: "text/html" } });
    expect(page.statusCode).toBe(401);
    expect(page.body).toContain('<form method="post" action="/login">');
    expect(page.body).not.toContain(TOKEN);
  });

  it("signing in sets an HttpOnly, SameSite=Strict session cookie that is not the token, and it works", async () => {
    const a = app("0.0.0.0", TOKEN);
    const bad = await a.inject({
      method: "POST",
      url: "/login",
      payload: "token=wrong",
      headers: { "content-type": "application/x-www-form-urlencoded", host: "d:1" },
    });
    expect(bad.statusCode).toBe(401);
    const r = await a.inject({
      method: "POST",
      url: "/login",
      payload: `token=${TOKEN}`,
      headers: { "content-type": "application/x-www-form-urlencoded", host: "d:1" },
    });
    expect(r.statusCode).toBe(303);
    const cookie = String(r.headers["set-cookie"]);
    expect(cookie).toMatch(/^mcx_dashboard=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toContain(TOKEN);
    const session = cookie.split(";")[0]!;
    const api = await a.inject({ url: "/api/workers", headers: { host: "d:1", cookie: session } });
    expect(api.statusCode).toBe(503);
    const html = await a.inject({ url: "/", headers: { host: "d:1", cookie: session } });
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('<script type="module" src="/assets/app.js">');
    expect(html.body).not.toContain(TOKEN);
  });

  it("refuses a state change from another origin (CSRF), with or without a token", async () => {
    for (const a of [app("127.0.0.1", undefined), app("0.0.0.0", TOKEN)]) {
      const r = await a.inject({
        method: "POST",
        url: "/api/runs/r1/cancel",
        headers: { host: "127.0.0.1:8080", origin: "http://evil.example", authorization: `Bearer ${TOKEN}` },
      });
      expect(r.statusCode).toBe(403);
      expect(r.json()).toEqual({ error: { status: 403, message: "origin http://evil.example is not this dashboard" } });
    }
  });

  it("on loopback without a token, serves only this machine's host names (no DNS rebinding)", async () => {
    const a = app("127.0.0.1", undefined);
    expect((await a.inject({ url: "/api/runs", headers: { host: "evil.example:8080" } })).statusCode).toBe(403);
    expect((await a.inject({ url: "/api/runs", headers: { host: "127.0.0.1:8080" } })).statusCode).toBe(503);
    expect((await a.inject({ url: "/api/runs", headers: { host: "localhost:8080" } })).statusCode).toBe(503);
  });

  it("sends a content security policy that allows nothing from elsewhere", async () => {
    const r = await app("127.0.0.1", undefined).inject({ url: "/", headers: { host: "127.0.0.1:1" } });
    expect(r.headers["content-security-policy"]).toMatch(/^default-src 'none'; script-src 'self';/);
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
  });
});
