import { McxError, McxErrorCode, SpecError } from "@mcx/core";
import { describe, expect, it } from "vitest";
import { ErrorData, fromErrorData, MAX_ERROR_MESSAGE, toErrorData } from "../src/error-codec.ts";

describe("error codec", () => {
  it("carries code, message, path and hint across a boundary and back", () => {
    const sent = new SpecError(McxErrorCode.SPEC_INVALID, "spec.trials", "spec.trials must be positive", {
      hint: "raise it",
    });
    const wire = ErrorData.parse(JSON.parse(JSON.stringify(toErrorData(sent))));
    expect(wire).toEqual({
      code: "MCX_SPEC_INVALID",
      message: "spec.trials must be positive",
      path: "spec.trials",
      hint: "raise it",
    });
    const back = fromErrorData(wire);
    expect(back).toBeInstanceOf(SpecError);
    expect(back).toMatchObject({ code: McxErrorCode.SPEC_INVALID, path: "spec.trials", hint: "raise it" });
  });

  it("sends anything that is not an McxError as MCX_INTERNAL with its message", () => {
    expect(toErrorData(new TypeError("x is undefined"))).toEqual({ code: "MCX_INTERNAL", message: "x is undefined" });
    expect(toErrorData("plain")).toEqual({ code: "MCX_INTERNAL", message: "plain" });
  });

  it("reads an unknown code as MCX_INTERNAL, and puts the context in front of the message", () => {
    const e = fromErrorData({ code: "MCX_FROM_THE_FUTURE", message: "boom" }, "shard 3");
    expect(e).toBeInstanceOf(McxError);
    expect([e.code, e.message]).toEqual([McxErrorCode.INTERNAL, "shard 3: boom"]);
    expect(toErrorData(new McxError(McxErrorCode.IO, "disk full"), "cannot resume").message).toBe(
      "cannot resume: disk full",
    );
  });

  it("keeps a message to one screen", () => {
    expect(toErrorData(new Error("x".repeat(10_000))).message).toHaveLength(MAX_ERROR_MESSAGE);
  });
});
