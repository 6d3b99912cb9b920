import { readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import {
  HOST_KEY,
  HOSTED_SPECIFIERS,
  hostCheckSource,
  hostedModuleSource,
  installSdkHost,
  SDK_VERSION,
} from "../src/host.ts";
import * as sdk from "../src/index.ts";

const packageJson = (dir: string) => new URL(`../../${dir}/package.json`, import.meta.url);

describe("the SDK host (what a bundle's @mcx/sdk and zod imports read)", () => {
  it("z is core's zod: one installed copy, resolved from both packages", () => {
    const zodOf = (dir: string) => realpathSync(createRequire(packageJson(dir)).resolve("zod"));
    expect(zodOf("sdk")).toBe(zodOf("core"));
  });

  it("SDK_VERSION is the package's version", () => {
    expect(SDK_VERSION).toBe(JSON.parse(readFileSync(packageJson("sdk"), "utf8")).version);
  });

  it("installSdkHost puts this SDK and its zod in the global slot", () => {
    installSdkHost();
    const host = (globalThis as Record<symbol, unknown>)[Symbol.for(HOST_KEY)] as {
      version: string;
      modules: Record<string, Record<string, unknown>>;
    };
    expect(host.version).toBe(SDK_VERSION);
    expect(host.modules["@mcx/sdk"]!.defineSimulation).toBe(sdk.defineSimulation);
    expect(host.modules.zod!.z).toBe(sdk.z);
    expect(Object.keys(host.modules).sort()).toEqual([...HOSTED_SPECIFIERS].sort());
  });

  it("a hosted module exports every runtime export, reserved words included", () => {
    const source = hostedModuleSource("@mcx/sdk");
    for (const name of Object.keys(sdk)) expect(source).toContain(` as ${name}`);
    const zod = hostedModuleSource("zod");
    expect(zod).toContain("zod_null as null");
    expect(zod).toContain("zod_default as default");
  });

  it("the host check refuses another SDK version", () => {
    expect(hostCheckSource()).toContain(`host.version !== ${JSON.stringify(SDK_VERSION)}`);
  });
});
