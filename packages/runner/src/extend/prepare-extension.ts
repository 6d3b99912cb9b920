import {
  type BlockStoreContent,
  checkExtension,
  createExtensionBase,
  type ExtensionBase,
  extendedSpec,
  McxError,
  McxErrorCode,
  parseLedger,
  planRun,
  type ResolvedSpec,
  type ResultDocument,
  RunMerger,
  resolveSpec,
  type Simulation,
  type SpecChange,
  STATISTICS_VERSION,
} from "@mcx/core";
import { decodeBlockStore } from "./block-store-codec.ts";

/** A checked extension: the spec to run and where each point starts. */
export interface Extension {
  readonly spec: ResolvedSpec;
  readonly base: ExtensionBase;
}

/** What to extend a result to: a change of its spec, or a whole new spec (raw, as parsed from a file). */
export type ExtensionRequest = { readonly change: SpecChange } | { readonly spec: unknown };

/** Statuses whose result holds merged blocks to continue. */
const EXTENDABLE = new Set<ResultDocument["status"]>(["completed", "target_not_met", "cancelled"]);

function notExtendable(message: string, hint?: string): McxError {
  return new McxError(McxErrorCode.NOT_EXTENDABLE, message, hint === undefined ? undefined : { hint });
}

/** A user simulation, loaded from the bundle a result names, and that bundle's hash. */
export interface BundledSimulation {
  readonly simulation: Simulation;
  readonly bundle: string;
}

/** resolveSpec against the result's user simulation, when it has one. */
function resolveWith(raw: unknown, user: BundledSimulation | undefined): ResolvedSpec {
  return resolveSpec(raw, user === undefined ? {} : { simulation: user.simulation, bundle: user.bundle });
}

/** The spec a result was run with, resolved by this build; it must hash to the result's `specHash`. */
function baseSpecOf(doc: ResultDocument, user: BundledSimulation | undefined): ResolvedSpec {
  const provenance = doc.provenance!;
  let spec: ResolvedSpec;
  try {
    spec = resolveWith(provenance.spec, user);
  } catch (e) {
    throw new McxError(
      McxErrorCode.EXTEND_MISMATCH,
      `the result's spec does not resolve with this build: ${(e as Error).message}`,
      { cause: e },
    );
  }
  if (spec.specHash !== doc.specHash) {
    throw new McxError(
      McxErrorCode.EXTEND_MISMATCH,
      `specHash must equal the result's ${doc.specHash} (got ${spec.specHash} from this build): the simulation's code or defaults changed`,
      { hint: "extend it with the mcx build that ran it, or run the extended spec afresh" },
    );
  }
  return spec;
}

/**
 * Checks that `doc` can be extended as `request` asks and returns the extended spec and the base to run it from,
 * having restored every point once (so a stop target met too early fails here, before anything runs). The block
 * store is the document's own unless `content` is given (a distributed run keeps it in the object store).
 * `options.user` is the result's user simulation, loaded from the bundle its provenance names.
 * @throws McxError MCX_NOT_EXTENDABLE (no provenance, ledger or block store; a failed run), MCX_EXTEND_MISMATCH (code,
 *   statistics version, seed, blockTrials, a parameter…), SpecError for an extended spec that is invalid
 */
export function prepareExtension(
  doc: ResultDocument,
  request: ExtensionRequest,
  options: { readonly content?: BlockStoreContent; readonly user?: BundledSimulation } = {},
): Extension {
  if (!EXTENDABLE.has(doc.status)) {
    throw notExtendable(`a run that ended ${doc.status} has no merged blocks to extend`, "submit the spec again");
  }
  const { provenance, shardFingerprints, blockStore } = doc;
  if (provenance === undefined || shardFingerprints === undefined || blockStore === undefined) {
    throw notExtendable(
      "the result has no provenance, shard fingerprints or block store (it was written before mcx extend)",
      "run its spec again with this build",
    );
  }
  if (provenance.mcx.statistics !== STATISTICS_VERSION) {
    throw new McxError(
      McxErrorCode.EXTEND_MISMATCH,
      `provenance.mcx.statistics must equal this build's ${STATISTICS_VERSION} (got ${provenance.mcx.statistics}): its blocks are not what this build computes`,
      { hint: `extend it with mcx ${provenance.mcx.version}, or run the extended spec afresh` },
    );
  }
  const { user } = options;
  if (provenance.simulation.bundle !== user?.bundle) {
    throw new McxError(
      McxErrorCode.EXTEND_MISMATCH,
      `the simulation's code must be the result's ${provenance.simulation.bundle ?? `built-in ${provenance.simulation.name}`} (got ${user?.bundle ?? "the built-in"})`,
    );
  }
  const base = baseSpecOf(doc, user);
  const raw = "spec" in request ? request.spec : extendedSpec(base.source, request.change);
  const next = resolveWith(raw, user);
  checkExtension(base, next);
  const content = options.content ?? decodeBlockStore(blockStore);
  const history = [
    ...(provenance.extends ?? []),
    {
      runId: doc.run.runId,
      digest: doc.digest,
      specHash: doc.specHash,
      trials: doc.points.reduce((n, p) => n + p.trials, 0),
    },
  ];
  const extension = {
    spec: next,
    base: createExtensionBase(content.points, parseLedger(shardFingerprints), next.points.length, history),
  };
  // Restoring runs the merger's own checks (layout, checkpoints, a target met before the stored prefix).
  new RunMerger(
    planRun("extension-check", next, next.maxTrials, {
      base: extension.base,
      ...(user === undefined ? {} : { simulation: user.simulation }),
    }),
  );
  return extension;
}
