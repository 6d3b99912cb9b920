// The API's read-only views (queues, dead letters, a schedule's baseline): their verbs, validated like every other
// request and answered from the inspect backend.
import {
  ApiVerb,
  type BaselineReply,
  BaselineRequest,
  type DeadLettersReply,
  DeadLettersRequest,
  type QueueCounts,
  type QueuesReply,
  QueuesRequest,
} from "@mcx/protocol";
import type { z } from "zod";
import { parseRequest } from "./parse-request.ts";
import { textChunk } from "./text-chunks.ts";

/** What the views need from the coordinator. */
export interface InspectBackend {
  /** Counts of the shard queue and the schedule queue. */
  queueCounts(): Promise<QueueCounts[]>;
  /** A page of dead letters, with the counts per run. */
  deadLetters(request: z.infer<typeof DeadLettersRequest>): Promise<Omit<DeadLettersReply, "ok">>;
  /** A schedule's baseline result document (JSON text). @throws McxError MCX_SCHEDULE_NOT_FOUND */
  scheduleBaseline(name: string): Promise<string>;
}

export type InspectReply = QueuesReply | DeadLettersReply | BaselineReply;

const VERBS: ReadonlySet<string> = new Set([ApiVerb.queues, ApiVerb.deadLetters, ApiVerb.scheduleBaseline]);

export function isInspectVerb(verb: string): boolean {
  return VERBS.has(verb);
}

/** Answers one view request. @throws McxError MCX_MESSAGE_INVALID for a malformed request, or the backend's error */
export async function dispatchInspect(backend: InspectBackend, verb: string, body: unknown): Promise<InspectReply> {
  switch (verb) {
    case ApiVerb.queues:
      parseRequest(QueuesRequest, body, verb);
      return { ok: true, queues: await backend.queueCounts(), at: new Date().toISOString() };
    case ApiVerb.deadLetters:
      return { ok: true, ...(await backend.deadLetters(parseRequest(DeadLettersRequest, body, verb))) };
    default: {
      const req = parseRequest(BaselineRequest, body, verb);
      return { ok: true, name: req.name, ...textChunk(await backend.scheduleBaseline(req.name), req.offset) };
    }
  }
}
