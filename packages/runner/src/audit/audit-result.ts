import {
  chooseShards,
  digestOf,
  type LedgerShard,
  McxError,
  McxErrorCode,
  parseLedger,
  type ResolvedSpec,
  type ResultDocument,
  replayLedger,
  resolveSpec,
  type ShardSummary,
  STATISTICS_VERSION,
  shardTaskOf,
  summaryFingerprint,
} from "@mcx/core";
import { fromErrorData } from "@mcx/protocol/error";
import type { BundledSimulation } from "../extend/prepare-extension.ts";
import { createShardPool } from "../pool/pool.ts";

/** One recomputed shard. */
export interface AuditedShard extends LedgerShard {
  readonly runId: string;
  /** Its fingerprint as recomputed here. */
  readonly recomputed: string;
  readonly matches: boolean;
}

/** What `mcx audit` found. */
export interface AuditReport {
  readonly seed: number;
  /** Shards in the result's ledger. */
  readonly total: number;
  readonly shards: readonly AuditedShard[];
  readonly mismatches: number;
  /** Whether the result's digest is the SHA-256 of its points (false: the statistics were edited after the run). */
  readonly digestOfPoints: boolean;
  /**
   * With every shard recomputed: whether merging them gives the result's digest (the statistics are the merge of
   * the fingerprinted shards). Undefined when only a sample was recomputed.
   */
  readonly digestMatches?: boolean;
}

/** Options of {@link auditResult}. */
export interface AuditOptions {
  /** Shards to recompute; all of them when at least the ledger's size. */
  readonly shards: number;
  /** Seed of the sample (the same seed draws the same shards). */
  readonly seed: number;
  /** Pool threads. */
  readonly threads: number;
  /**
   * The result's user simulation, loaded from the bundle its provenance names, and the bundle store the pool threads
   * load it from by its hash.
   */
  readonly user?: BundledSimulation & { readonly bundleDir: string };
}

function cannotAudit(message: string, hint?: string): McxError {
  return new McxError(McxErrorCode.SPEC_CHANGED, message, hint === undefined ? undefined : { hint });
}

/** The spec a result was run with, as this build resolves it (it must give the result's specHash). */
function specOf(doc: ResultDocument, user: BundledSimulation | undefined): ResolvedSpec {
  const provenance = doc.provenance!;
  if (provenance.mcx.statistics !== STATISTICS_VERSION) {
    throw cannotAudit(
      `the result's statistics version ${provenance.mcx.statistics} is not this build's ${STATISTICS_VERSION}: its shards cannot be recomputed here`,
      `audit it with mcx ${provenance.mcx.version}`,
    );
  }
  if (provenance.simulation.bundle !== user?.bundle) {
    throw cannotAudit(
      `the simulation's code must be the result's ${provenance.simulation.bundle ?? `built-in ${provenance.simulation.name}`} (got ${user?.bundle ?? "the built-in"})`,
    );
  }
  const spec = resolveSpec(
    provenance.spec,
    user === undefined ? {} : { simulation: user.simulation, bundle: user.bundle },
  );
  if (spec.specHash !== doc.specHash) {
    throw cannotAudit(
      `this build resolves the result's spec to ${spec.specHash}, not its specHash ${doc.specHash}: the code changed`,
      `audit it with mcx ${provenance.mcx.version}`,
    );
  }
  return spec;
}

/**
 * Recomputes `shards` shards of a result drawn by `seed` on this machine and compares each fingerprint with the
 * one the result stores; with every shard recomputed, also merges them and compares the digest.
 * @throws McxError MCX_RESULT_INVALID when the result has no provenance or shard fingerprints, MCX_SPEC_CHANGED when
 *   this build cannot recompute them, a shard's own error when one fails to run
 */
export async function auditResult(doc: ResultDocument, options: AuditOptions): Promise<AuditReport> {
  if (doc.provenance === undefined || doc.shardFingerprints === undefined) {
    throw new McxError(
      McxErrorCode.RESULT_INVALID,
      "the result has no provenance or shard fingerprints (it was written before mcx audit)",
    );
  }
  const { user } = options;
  const spec = specOf(doc, user);
  const segments = parseLedger(doc.shardFingerprints);
  const all = segments.flatMap((seg) => seg.shards.map((shard) => ({ ...shard, segment: seg })));
  const chosen = chooseShards(all.length, options.shards, options.seed).map((i) => all[i]!);
  const pool = createShardPool(
    Math.max(1, Math.min(options.threads, chosen.length)),
    user === undefined ? {} : { bundleDir: user.bundleDir },
  );
  let summaries: ShardSummary[];
  try {
    summaries = await Promise.all(
      chosen.map(async (x) => {
        const outcome = await pool.run(
          shardTaskOf(x.segment.runId, spec, x.shard, x.point, x.blockStart, x.blockEnd, x.segment.pointTrials),
        );
        if (!outcome.ok) throw fromErrorData(outcome.error, `shard ${x.shard} of run ${x.segment.runId}`);
        return JSON.parse(outcome.summaryJson) as ShardSummary;
      }),
    );
  } finally {
    await pool.destroy();
  }
  const shards = chosen.map(({ segment, ...x }, i): AuditedShard => {
    const recomputed = summaryFingerprint(summaries[i]!);
    return { ...x, runId: segment.runId, recomputed, matches: recomputed === x.fingerprint };
  });
  const everything = chosen.length === all.length;
  return {
    seed: options.seed,
    total: all.length,
    shards,
    mismatches: shards.filter((s) => !s.matches).length,
    digestOfPoints: digestOf(doc.points) === doc.digest,
    ...(everything
      ? {
          digestMatches:
            replayLedger(spec, segments, summaries, {
              cancelled: doc.status === "cancelled",
              ...(user === undefined ? {} : { simulation: user.simulation }),
            }) === doc.digest,
        }
      : {}),
  };
}
