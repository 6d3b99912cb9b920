import { describe, expect, it } from "vitest";
import { threadExecArgv } from "../../src/pool/pool.ts";

describe("threadExecArgv", () => {
  it("drops the @mcx/source condition in both spellings and keeps everything else", () => {
    expect(
      threadExecArgv([
        "--conditions",
        "@mcx/source",
        "--conditions",
        "node",
        "--conditions=@mcx/source",
        "--require",
        "x.cjs",
      ]),
    ).toEqual(["--conditions", "node", "--require", "x.cjs"]);
  });
});
