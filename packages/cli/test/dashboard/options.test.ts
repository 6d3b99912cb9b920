import { describe, expect, it } from "vitest";
import { dashboardOptions, isLoopback } from "../../src/dashboard/options.ts";

describe("dashboardOptions", () => {
  it("binds to 127.0.0.1:8080 by default, without a token", () => {
    expect(dashboardOptions({}, {})).toEqual({ host: "127.0.0.1", port: 8080, token: undefined });
  });

  it("a host beyond loopback needs a token: MCX_FLAG_INVALID naming --host", () => {
    expect(() => dashboardOptions({ host: "0.0.0.0" }, {})).toThrowError(
      expect.objectContaining({
        code: "MCX_FLAG_INVALID",
        message: "--host 0.0.0.0 is reachable from the network: a token is required (got none)",
      }),
    );
    const token = "0123456789abcdef";
    expect(dashboardOptions({ host: "0.0.0.0" }, { MCX_DASHBOARD_TOKEN: token }).token).toBe(token);
    expect(dashboardOptions({ host: "0.0.0.0", token: `${token}x` }, { MCX_DASHBOARD_TOKEN: token }).token).toBe(
      `${token}x`,
    );
  });

  it("refuses a short token and a bad port", () => {
    expect(() => dashboardOptions({ token: "short" }, {})).toThrowError(
      expect.objectContaining({ code: "MCX_FLAG_INVALID", message: "--token must be at least 16 characters (got 5)" }),
    );
    expect(() => dashboardOptions({ port: "70000" }, {})).toThrowError(
      expect.objectContaining({ code: "MCX_FLAG_INVALID" }),
    );
  });

  it("knows loopback addresses", () => {
    for (const h of ["127.0.0.1", "127.4.5.6", "localhost", "::1", "[::1]"]) expect(isLoopback(h), h).toBe(true);
    for (const h of ["0.0.0.0", "10.0.0.1", "::", "example.com", "127.0.0.1.example.com"])
      expect(isLoopback(h), h).toBe(false);
  });
});
