import type { ResultDocument } from "@mcx/core";
import type { Context } from "./context.ts";
import { esc } from "./svg.ts";
import { fixed } from "./units.ts";

function kib(bytes: number): string {
  return `${fixed(Math.ceil(bytes / 1024), 0)} KiB`;
}

function facts(doc: ResultDocument): [string, string][] {
  const p = doc.provenance!;
  const commit =
    p.mcx.commit === undefined
      ? ""
      : ` (commit ${p.mcx.commit.slice(0, 12)}${p.mcx.dirty ? ", uncommitted changes" : ""})`;
  const out: [string, string][] = [
    ["mcx", `${p.mcx.version}${commit}, statistics version ${p.mcx.statistics}`],
    ["node", p.node],
    [
      "simulation",
      p.simulation.bundle === undefined
        ? `${p.simulation.name} (built in)`
        : `${p.simulation.name}, bundle ${p.simulation.bundle}`,
    ],
    ["hosts", p.hosts.map((h) => `${h.host} (${h.threads} thread${h.threads === 1 ? "" : "s"})`).join(", ") || "—"],
  ];
  for (const e of p.extends ?? []) out.push(["extends", `${e.runId}: ${fixed(e.trials, 0)} trials, ${e.digest}`]);
  const shards = doc.shardFingerprints?.reduce((n, s) => n + s.shards.length, 0);
  if (shards !== undefined) out.push(["shard fingerprints", `${fixed(shards, 0)} (check them with mcx audit)`]);
  const store = doc.blockStore;
  if (store !== undefined) {
    const where =
      store.omitted ?? (store.object !== undefined ? `in the object store (${store.object})` : "in this document");
    out.push([
      "block store",
      `${fixed(store.points, 0)} point${store.points === 1 ? "" : "s"}, ${kib(store.bytes)} (${kib(store.storedBytes)} stored) ${where}`,
    ]);
  }
  return out;
}

/** What produced the result (`provenance`): build, runtime, simulation code, hosts, what it extends, the spec. */
export function provenanceSection(ctx: Context): string {
  const { doc } = ctx;
  if (doc.provenance === undefined) return "";
  const item = ([k, v]: [string, string]) => `<div class="wide"><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`;
  const spec = JSON.stringify(doc.provenance.spec, null, 2);
  return `<section id="provenance"><h2>Provenance</h2><dl class="facts">${facts(doc).map(item).join("")}</dl><details><summary>Spec, every default filled in (resolves to the spec hash)</summary><pre>${esc(spec)}</pre></details></section>`;
}
