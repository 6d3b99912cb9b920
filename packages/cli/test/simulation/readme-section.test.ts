import { matchesTranscript, readmeTranscripts } from "@mcx/testkit";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, mcx } from "../helpers/cli.ts";

// The README's "Your own simulation" section, run as written from the repository root: every `$ mcx` command of it
// that needs no cluster (`mcx submit` runs in packages/coordinator/test/user-simulations.int.test.ts), its output
// compared with the transcript (`…` for what varies: timings, thread and shard counts).
const root = new URL("../../../../", import.meta.url).pathname;
const steps = readmeTranscripts(`${root}README.md`, "Your own simulation");
const local = steps.filter((s) => !s.command.startsWith("mcx submit"));

beforeAll(assertBuilt);

describe("README: Your own simulation", () => {
  it("shows the commands a user types: models, run, and submit on a cluster", () => {
    expect(steps.map((s) => s.command)).toEqual([
      "mcx models ./examples/pi/pi.ts",
      "mcx run examples/pi/pi.yaml",
      "mcx submit examples/pi/pi.yaml --wait",
    ]);
  });

  it.each(local.map((s) => [s.command, s] as const))("$ %s prints what the README shows", (command, step) => {
    const args = command.split(" ").slice(1);
    const r = mcx(args, { cwd: root });
    expect(r.status, r.stderr).toBe(0);
    const printed = r.text.split("\n").filter((l) => l !== "");
    expect(matchesTranscript(step.output, printed), `${command} printed:\n${r.text}`).toBe(true);
    // The comparison notices a changed figure.
    const altered = printed.map((l) =>
      l.replace("3.1439", "3.1440").replace("c         │ number │ 3", "c         │ number │ 4"),
    );
    expect(matchesTranscript(step.output, altered)).toBe(false);
  });
});
