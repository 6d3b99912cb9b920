import type { JetStreamManager } from "@nats-io/jetstream";

/**
 * The keys of a KV bucket, read from one snapshot of its stream's subject index (`STREAM.INFO` with a subjects
 * filter, paged by nats.js). `KV.keys()` walks a last-per-subject consumer instead, and with `history: 1` a key
 * written while it walks can be listed twice or not at all (nats.go fixed the same race in #1884 and #2029). Deleted
 * keys keep their delete marker's subject here, so callers still read each value and skip the missing ones.
 * @example await listKvKeys(jsm, "mcx-runs") // → ["rdv-nightly-mwwd0g7k-947f", …], sorted
 */
export async function listKvKeys(jsm: JetStreamManager, bucket: string): Promise<string[]> {
  const prefix = `$KV.${bucket}.`;
  const info = await jsm.streams.info(`KV_${bucket}`, { subjects_filter: `${prefix}>` });
  return Object.keys(info.state.subjects ?? {})
    .filter((subject) => subject.startsWith(prefix))
    .map((subject) => subject.slice(prefix.length))
    .sort();
}
