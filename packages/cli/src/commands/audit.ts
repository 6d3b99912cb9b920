import { randomInt } from "node:crypto";
import { availableParallelism } from "node:os";
import { McxError, McxErrorCode } from "@mcx/core";
import { type AuditedShard, auditResult } from "@mcx/runner";
import type { Command } from "commander";
import { intFlag } from "../flags.ts";
import { locate } from "../output/errors.ts";
import { formatCount } from "../output/format.ts";
import { loadResultFile } from "../report/load-result.ts";
import { resultSimulation } from "../simulation/result-simulation.ts";
import { MAX_THREADS } from "./run.ts";

interface AuditFlags {
  readonly shards: number;
  readonly seed?: number;
  readonly threads?: number;
}

/** Shards `mcx audit` recomputes by default: enough to catch a systematic fault, quick on one machine. */
export const DEFAULT_AUDIT_SHARDS = 8;

function shardName(s: AuditedShard): string {
  return `shard ${s.shard} of ${s.runId} (point ${s.point}, blocks ${s.blockStart}–${s.blockEnd})`;
}

/** `mcx audit RESULT.json`: recomputes random shards here and checks them against the stored fingerprints. */
export function register(program: Command): void {
  program
    .command("audit")
    .description("recompute K randomly chosen shards of a result on this machine and check their stored fingerprints")
    .argument("<result>", "the result (mcx-result/1 JSON)")
    .option(
      "--shards <K>",
      `shards to recompute; all of them (and their merge against the digest) when K ≥ the result's (default ${DEFAULT_AUDIT_SHARDS})`,
      intFlag("--shards", 1),
      DEFAULT_AUDIT_SHARDS,
    )
    .option(
      "--seed <S>",
      "seed of the sample, to repeat an audit (default: random, printed)",
      intFlag("--seed", 0, 0xffffffff),
    )
    .option("--threads <N>", "pool threads (default: available parallelism)", intFlag("--threads", 1, MAX_THREADS))
    .addHelpText(
      "after",
      "\nExit status 0 when every recomputed shard matches, 1 naming the first that does not.\n\nExamples:\n  mcx audit result.json\n  mcx audit result.json --shards 1000 --seed 7",
    )
    .action(async (file: string, flags: AuditFlags) => {
      const where = `mcx audit ${file}`;
      const doc = await loadResultFile(file);
      const seed = flags.seed ?? randomInt(0x1_0000_0000);
      let report: Awaited<ReturnType<typeof auditResult>>;
      try {
        // A user simulation runs again from the bundle the result names.
        const user = await resultSimulation(doc);
        report = await auditResult(doc, {
          shards: flags.shards,
          seed,
          threads: flags.threads ?? availableParallelism(),
          ...(user === undefined ? {} : { user }),
        });
      } catch (e) {
        throw e instanceof McxError ? locate(e, where) : e;
      }
      const out = (line: string) => process.stdout.write(`${line}\n`);
      out(
        `audit of ${file}: ${formatCount(report.shards.length)} of ${formatCount(report.total)} shards recomputed on this machine (seed ${seed})`,
      );
      for (const s of report.shards) {
        out(
          s.matches
            ? `  match     ${shardName(s)}: ${s.fingerprint}`
            : `  MISMATCH  ${shardName(s)}: stored ${s.fingerprint}, recomputed ${s.recomputed}`,
        );
      }
      const bad = report.shards.filter((s) => !s.matches);
      if (bad.length > 0) {
        const more = bad.length > 1 ? ` (and ${bad.length - 1} more)` : "";
        throw locate(
          new McxError(
            McxErrorCode.AUDIT_MISMATCH,
            `${shardName(bad[0]!)} recomputes to fingerprint ${bad[0]!.recomputed}, not the stored ${bad[0]!.fingerprint}${more}`,
            { hint: "the result does not come from this spec and code: rerun it, and check the workers that ran it" },
          ),
          where,
        );
      }
      if (!report.digestOfPoints) {
        throw locate(
          new McxError(
            McxErrorCode.AUDIT_MISMATCH,
            `the result's digest ${doc.digest} is not the SHA-256 of its points: its statistics were edited`,
          ),
          where,
        );
      }
      if (report.digestMatches === false) {
        throw locate(
          new McxError(
            McxErrorCode.AUDIT_MISMATCH,
            `every shard matches its fingerprint, but their merge does not give the result's digest ${doc.digest}: its statistics were altered`,
          ),
          where,
        );
      }
      const merged = report.digestMatches ? `, and their merge gives the result's digest ${doc.digest}` : "";
      out(`all ${formatCount(report.shards.length)} match${merged}`);
    });
}
