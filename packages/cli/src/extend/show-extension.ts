// What `mcx extend` tells before and after it runs: the extended spec (stderr, and --spec-out), and what ran.
import { type ResultDocument, specToYaml } from "@mcx/core";
import { formatCount } from "../output/format.ts";
import { writeFileAtomic } from "../output/result-file.ts";

const trialsOf = (doc: ResultDocument): number => doc.points.reduce((n, p) => n + p.trials, 0);

/** Shows the extended spec on stderr (unless quiet) and writes it to `specOut` when given. */
export async function showExtendedSpec(
  from: { readonly runId: string; readonly what: string },
  spec: unknown,
  flags: { readonly quiet?: boolean; readonly specOut?: string },
): Promise<void> {
  const yaml = specToYaml(spec);
  if (flags.specOut !== undefined) await writeFileAtomic(flags.specOut, yaml);
  if (flags.quiet) return;
  const indented = yaml
    .trimEnd()
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
  const saved = flags.specOut === undefined ? "" : ` (written to ${flags.specOut})`;
  process.stderr.write(`extending ${from.runId} (${from.what}) to this spec${saved}:\n${indented}\n`);
}

/** "12,000 trials, completed": what a result holds. */
export function describeResult(doc: ResultDocument): string {
  return `${formatCount(trialsOf(doc))} trials, ${doc.status.replace(/_/g, " ")}`;
}

/** The note after an extension ran: the trials it added, the shards that ran, the block store kept. */
export function extensionNote(before: ResultDocument, after: ResultDocument): string {
  const store = after.blockStore;
  const kept =
    store === undefined
      ? ""
      : store.omitted !== undefined
        ? "; no block store kept (over the size bound)"
        : `; block store ${formatCount(Math.ceil(store.storedBytes / 1024))} KiB`;
  return `extended ${before.run.runId}: ${formatCount(trialsOf(before))} → ${formatCount(trialsOf(after))} trials, ${formatCount(after.run.shards.completed)} new shards ran${kept}`;
}
