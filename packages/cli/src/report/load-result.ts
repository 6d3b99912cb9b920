import { readFile } from "node:fs/promises";
import { McxError, McxErrorCode, type ResultDocument, ResultDocumentSchema } from "@mcx/core";
import { locate } from "../output/errors.ts";

/** Where an issue is, as a path into the document: `points[0].models.plain.metrics.pause.n`. */
function issuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? String(seg) : `.${String(seg)}`;
  }
  return out === "" ? "the document" : out;
}

/**
 * Parses and validates the text of an `mcx-result/1` document.
 * @throws McxError MCX_RESULT_INVALID naming the file and the first offending field
 */
export function parseResultText(text: string, file: string): ResultDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw locate(
      new McxError(McxErrorCode.RESULT_INVALID, `${file} must be JSON (got a parse error: ${(e as Error).message})`, {
        cause: e,
        hint: "pass a result written by `mcx run --out FILE` or `mcx results RUN --json`",
      }),
      file,
    );
  }
  const parsed = ResultDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? "the document" : issuePath(issue.path);
    const format = (raw as { format?: unknown } | null)?.format;
    const what =
      format !== "mcx-result/1"
        ? `${file} must be an mcx-result/1 document (got format ${JSON.stringify(format ?? null)})`
        : `${file} is not a valid mcx-result/1 document: ${where}: ${issue?.message ?? "invalid"}`;
    throw locate(
      new McxError(McxErrorCode.RESULT_INVALID, what, {
        cause: parsed.error,
        hint: "pass a result written by `mcx run --out FILE` or `mcx results RUN --json`",
      }),
      file,
    );
  }
  return parsed.data;
}

/**
 * Reads and validates a result file.
 * @throws McxError MCX_FILE_NOT_FOUND when it cannot be read, MCX_RESULT_INVALID when it is not a valid result
 */
export async function loadResultFile(file: string): Promise<ResultDocument> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const what =
      code === "ENOENT"
        ? `result file ${file} does not exist`
        : code === "EISDIR"
          ? `result file ${file} is a directory`
          : `result file ${file} cannot be read: ${(e as Error).message}`;
    throw locate(new McxError(McxErrorCode.FILE_NOT_FOUND, what, { cause: e }), file);
  }
  return parseResultText(text, file);
}
