import { z } from "zod";
import type { LedgerSegment, LedgerShard } from "../engine/extension-base.ts";

/** One merged shard as the result document lists it: "<shard> <point> <blockStart> <blockEnd> <fingerprint>". */
const LEDGER_LINE = /^(\d+) (\d+) (\d+) (\d+) ([0-9a-f]{16})$/;

/**
 * The shard fingerprints of a result (`shardFingerprints`): per run that merged shards into it (the base runs of an
 * extension first), its run id, its trials per point, and one line per merged shard. What `mcx audit` checks.
 */
export const ShardFingerprintsSchema = z.array(
  z.strictObject({
    runId: z.string().min(1),
    pointTrials: z.int().positive(),
    shards: z.array(z.string().regex(LEDGER_LINE, "must be '<shard> <point> <blockStart> <blockEnd> <16 hex digits>'")),
  }),
);
export type ShardFingerprints = z.infer<typeof ShardFingerprintsSchema>;

/** The document form of a ledger. */
export function formatLedger(segments: readonly LedgerSegment[]): ShardFingerprints {
  return segments.map((seg) => ({
    runId: seg.runId,
    pointTrials: seg.pointTrials,
    shards: seg.shards.map((x) => `${x.shard} ${x.point} ${x.blockStart} ${x.blockEnd} ${x.fingerprint}`),
  }));
}

/** A ledger from its document form (validated by `ShardFingerprintsSchema`). */
export function parseLedger(doc: ShardFingerprints): LedgerSegment[] {
  return doc.map((seg) => ({
    runId: seg.runId,
    pointTrials: seg.pointTrials,
    shards: seg.shards.map((line): LedgerShard => {
      const m = LEDGER_LINE.exec(line)!;
      return {
        shard: Number(m[1]),
        point: Number(m[2]),
        blockStart: Number(m[3]),
        blockEnd: Number(m[4]),
        fingerprint: m[5]!,
      };
    }),
  }));
}
