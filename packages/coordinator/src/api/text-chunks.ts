// Large documents (results, schedules' baselines) cross the API in chunks: NATS limits one message's payload.

/** Characters of a document per reply (stays under NATS' default 1 MB payload in UTF-8). */
export const RESULT_CHUNK_CHARS = 200_000;

/**
 * The chunk of `text` from `offset`, with the fields every chunked reply carries.
 * @example textChunk("abc", 1) // → { size: 3, offset: 1, chunk: "bc", done: true }
 */
export function textChunk(
  text: string,
  offset: number,
): { size: number; offset: number; chunk: string; done: boolean } {
  const chunk = text.slice(offset, offset + RESULT_CHUNK_CHARS);
  return { size: text.length, offset, chunk, done: offset + chunk.length >= text.length };
}
