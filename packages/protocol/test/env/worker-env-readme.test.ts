import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { WorkerEnv } from "../../src/env/worker-env.ts";

// The README's "Service settings" table is the user's reference for the worker's environment: every variable of the
// schema has a row, and a row states the schema's default (the schema is the one home of defaults).
const readme = readFileSync(new URL("../../../../README.md", import.meta.url), "utf8");
const rowOf = (name: string) => readme.split("\n").find((l) => l.startsWith(`| \`${name}\` |`));

describe("README service settings (worker)", () => {
  it.each(Object.entries(WorkerEnv.shape))("lists %s with its default", (name, schema) => {
    const row = rowOf(name);
    expect(row, `README has no row for ${name}`).toBeDefined();
    expect(row).toMatch(/\| (both|worker) \|/);
    const def = (schema as { _zod: { def: { defaultValue?: unknown } } })._zod.def.defaultValue;
    if (def !== undefined) expect(row!.split("|")[2]).toContain(`\`${String(def)}\``);
  });
});
