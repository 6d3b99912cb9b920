import { afterEach, beforeEach, vi } from "vitest";

// A test that writes to the console is noisy or hiding a warning: fail it (zod's fail-on-console).
let calls: string[] = [];
beforeEach(() => {
  calls = [];
  for (const level of ["log", "warn", "error", "info"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      calls.push(`console.${level}: ${args.map(String).join(" ")}`);
    });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
  if (calls.length > 0) throw new Error(`unexpected console output:\n${calls.join("\n")}`);
});
