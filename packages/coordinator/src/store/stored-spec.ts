import type { UserSimulationRequest } from "@mcx/protocol";
import type { ObjectStore } from "@nats-io/obj";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A spec as submitted: its text (what a result is a function of) and the file name it came from; for a user
 * simulation also what `mcx submit` resolved it to (the coordinator cannot resolve it: it never loads the bundle).
 */
export interface StoredSpec {
  readonly fileName: string;
  readonly text: string;
  /** Checked again (`userSpecOf`) before a run is resumed from it. */
  readonly user?: UserSimulationRequest;
  /** The run an extension continues: it is resumed from that run's result and block store. */
  readonly extendsRun?: string;
}

/** Stores a spec as the JSON object `name` of the object store (a run's, or a schedule's). */
export async function putStoredSpec(objects: ObjectStore, name: string, spec: StoredSpec): Promise<void> {
  await objects.putBlob({ name }, encoder.encode(JSON.stringify(spec)));
}

/** The spec stored as object `name`, or undefined when it is missing or not a stored spec. */
export async function getStoredSpec(objects: ObjectStore, name: string): Promise<StoredSpec | undefined> {
  const data = await objects.getBlob(name);
  if (!data) return undefined;
  const parsed = JSON.parse(decoder.decode(data)) as StoredSpec;
  return typeof parsed?.text === "string" && typeof parsed.fileName === "string" ? parsed : undefined;
}
