import type { ResultDocument } from "@mcx/core";
import { parseResultText } from "../report/load-result.ts";

/** Documents kept in memory (each can be megabytes; a stored result or baseline never changes under its key). */
const CACHED_DOCUMENTS = 4;

/** A small most-recently-used cache of parsed result documents: runs' results and schedules' baselines. */
export class ResultCache {
  private readonly docs = new Map<string, { text: string; doc: ResultDocument }>();

  /**
   * The document under `key`, loaded with `load` on a miss. A key must name content that never changes: a run's
   * result (stored once, when it ends), a baseline with its digest.
   */
  async get(key: string, what: string, load: () => Promise<string>): Promise<{ text: string; doc: ResultDocument }> {
    const hit = this.docs.get(key);
    if (hit !== undefined) {
      this.docs.delete(key);
      this.docs.set(key, hit);
      return hit;
    }
    const text = await load();
    const entry = { text, doc: parseResultText(text, what) };
    this.docs.set(key, entry);
    while (this.docs.size > CACHED_DOCUMENTS) this.docs.delete(this.docs.keys().next().value!);
    return entry;
  }
}
