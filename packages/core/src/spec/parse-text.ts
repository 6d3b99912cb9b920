import { isMap, isSeq, LineCounter, parseDocument } from "yaml";
import { McxErrorCode, SpecError } from "../errors.ts";
import { SpecLimits } from "./limits.ts";

/**
 * Parses spec text as JSON (when the file name ends in .json) or YAML 1.2. Pure: the caller reads the file.
 * @throws SpecError MCX_SPEC_PARSE with file:line:col, or MCX_SPEC_LIMIT when the text exceeds maxSpecBytes
 */
export function parseSpecText(text: string, fileName: string): unknown {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > SpecLimits.maxSpecBytes) {
    throw new SpecError(
      McxErrorCode.SPEC_LIMIT,
      fileName,
      `spec must be at most ${SpecLimits.maxSpecBytes} bytes (got ${bytes}) (limit maxSpecBytes)`,
    );
  }
  if (fileName.toLowerCase().endsWith(".json")) {
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new SpecError(McxErrorCode.SPEC_PARSE, fileName, `${fileName} is not valid JSON: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const pos = lineCounter.linePos(err.pos[0]);
    const what = err.message.split("\n")[0];
    throw new SpecError(
      McxErrorCode.SPEC_PARSE,
      `${fileName}:${pos.line}:${pos.col}`,
      `${fileName}:${pos.line}:${pos.col}: YAML syntax error: ${what}`,
      {
        cause: err,
      },
    );
  }
  return doc.toJS({ maxAliasCount: 100 }) as unknown;
}

/**
 * "file:line:col" of the node at a spec path ("spec.params.nCpu", "spec.sweep.list[2].x") in YAML/JSON text,
 * or just the file name when the path cannot be found. Used to point an error at the offending line.
 */
export function locateSpecPath(text: string, fileName: string, path: string): string {
  const segs = path
    .replace(/^spec\.?/, "")
    .split(/\.|\[(\d+)\]/)
    .filter((s) => s !== undefined && s !== "");
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  let node: unknown = doc.contents;
  let range: [number, number, number] | undefined;
  for (const seg of segs) {
    if (isMap(node)) {
      const pair = node.items.find((it) => (it.key as { value?: unknown } | null)?.value === seg);
      if (!pair) break;
      range = (pair.key as { range?: [number, number, number] }).range;
      node = pair.value;
    } else if (isSeq(node) && /^\d+$/.test(seg)) {
      node = node.items[Number(seg)];
      range = (node as { range?: [number, number, number] } | undefined)?.range;
    } else break;
  }
  if (!range) return fileName;
  const pos = lineCounter.linePos(range[0]);
  return `${fileName}:${pos.line}:${pos.col}`;
}
