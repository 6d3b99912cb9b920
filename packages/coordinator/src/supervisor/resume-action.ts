// What a coordinator does with a run it finds `running` at start. Pure: the supervisor reads the stored spec and
// result, this decides, the supervisor acts.
import {
  McxError,
  McxErrorCode,
  parseSpecText,
  planRun,
  type ResultDocument,
  ResultDocumentSchema,
  type RunPlan,
  resolveSpec,
  toMcxError,
} from "@mcx/core";
import { type RunRecord, UserSimulationRequest } from "@mcx/protocol";
import { prepareExtension } from "@mcx/runner";
import { userSpecOf } from "../runs/user-spec.ts";
import type { StoredSpec } from "../store/stored-spec.ts";
import type { StoredBase } from "./extension-base.ts";

/** One unfinished run's fate. */
export type ResumeAction =
  /** Continue it: replay its messages from the stream, then drive it on. */
  | { readonly kind: "resume"; readonly plan: RunPlan }
  /** Its result was stored, but the coordinator died before the final record: finish the bookkeeping only. */
  | { readonly kind: "repair"; readonly doc: ResultDocument }
  /** It cannot go on: record `failed` with this error, merge nothing. */
  | { readonly kind: "fail"; readonly error: McxError };

/**
 * Decides how to resume `record` from its stored spec and (when the coordinator crashed after storing it) result.
 * A spec that this build resolves to another `specHash` than the run was submitted with fails with
 * MCX_SPEC_CHANGED: its shards so far were computed under other parameters, and merging more would mix the two.
 * An extension (`stored.extendsRun`) is planned from `base`, the run it continues, as when it was started.
 * @example resumeAction(record, stored, undefined) // → { kind: "resume", plan } when the spec resolves as before
 */
export function resumeAction(
  record: RunRecord,
  stored: StoredSpec | undefined,
  result: string | undefined,
  base?: StoredBase,
): ResumeAction {
  if (result !== undefined) {
    const parsed = ResultDocumentSchema.safeParse(JSON.parse(result));
    if (parsed.success) return { kind: "repair", doc: parsed.data };
    return {
      kind: "fail",
      error: new McxError(McxErrorCode.RESULT_INVALID, `the stored result of run ${record.runId} is invalid`),
    };
  }
  if (!stored) {
    return { kind: "fail", error: new McxError(McxErrorCode.INTERNAL, `the spec of run ${record.runId} is missing`) };
  }
  let plan: RunPlan;
  try {
    if (base instanceof McxError) return { kind: "fail", error: base };
    if (stored.extendsRun !== undefined && base === undefined) {
      return {
        kind: "fail",
        error: new McxError(
          McxErrorCode.INTERNAL,
          `run ${record.runId} extends ${stored.extendsRun}, which was not read`,
        ),
      };
    }
    // A user simulation's spec was resolved by the client against its bundle; its bundle pins the code, so it is
    // checked again, never resolved by this build.
    const user = stored.user === undefined ? undefined : userSpecOf(UserSimulationRequest.parse(stored.user));
    const raw = () => parseSpecText(stored.text, stored.fileName);
    const extension =
      stored.extendsRun !== undefined && base !== undefined
        ? prepareExtension(base.doc, { spec: raw() }, base.content === undefined ? {} : { content: base.content })
        : undefined;
    const spec = user?.spec ?? extension?.spec ?? resolveSpec(raw());
    if (spec.specHash !== record.specHash) {
      return {
        kind: "fail",
        error: new McxError(
          McxErrorCode.SPEC_CHANGED,
          `run ${record.runId} was submitted with specHash ${record.specHash}, but this build resolves its spec to ${spec.specHash}; nothing more is merged`,
          { hint: "submit the spec again with this build, or resume the run with the build that started it" },
        ),
      };
    }
    plan = planRun(record.runId, spec, record.shardTrials, {
      ...(user === undefined ? {} : { simulation: user.simulation }),
      ...(extension === undefined ? {} : { base: extension.base }),
    });
  } catch (e) {
    return { kind: "fail", error: toMcxError(e) };
  }
  return { kind: "resume", plan };
}
