import { SourceMap, type SourceMapPayload } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { SourceLocator } from "@mcx/sdk/host";

const INLINE_MAP = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;
// The location at the end of a V8 stack frame: "at f (file:///x.mjs:12:5)" or "at file:///x.mjs:12:5".
const FRAME = /(?:\(|at )([^()\s]+):(\d+):(\d+)\)?$/;

function inlineMap(code: string): SourceMap | undefined {
  const m = INLINE_MAP.exec(code);
  if (m === null) return undefined;
  return new SourceMap(JSON.parse(Buffer.from(m[1]!, "base64").toString("utf8")) as SourceMapPayload);
}

/**
 * Maps an error's stack to `source:line:col` in the user's module, where `source` is the path relative to the
 * module's directory as the bundle's source map names it (`mm1.ts`, `lib/queue.ts`). Takes the innermost frame in
 * the bundle. Frames that Node already mapped (`--enable-source-maps`) are recognised by their source path.
 */
export function createSourceLocator(file: string, code: string): SourceLocator {
  const url = pathToFileURL(file).href;
  let map: SourceMap | undefined | null = null;
  let sourceOf: Map<string, string> | undefined;
  return (error) => {
    const stack = error instanceof Error ? error.stack : undefined;
    if (stack === undefined) return undefined;
    if (map === null) map = inlineMap(code);
    if (map === undefined) return undefined;
    if (sourceOf === undefined) {
      const sources = new Map<string, string>();
      for (const source of map.payload.sources) {
        const resolved = new URL(source, url);
        // The hosted modules' sources (mcx-host:…) are not files.
        if (resolved.protocol === "file:") sources.set(resolved.href, source).set(fileURLToPath(resolved), source);
      }
      sourceOf = sources;
    }
    for (const line of stack.split("\n").slice(1)) {
      const m = FRAME.exec(line.trim());
      if (m === null) continue;
      const [, where, l, c] = m;
      if (where === url || where === file) {
        const entry = map.findEntry(Number(l) - 1, Number(c) - 1) as Partial<{
          originalSource: string;
          originalLine: number;
          originalColumn: number;
        }>;
        if (entry.originalSource === undefined) continue;
        const source = sourceOf.get(entry.originalSource) ?? entry.originalSource;
        return `${source}:${entry.originalLine! + 1}:${entry.originalColumn! + 1}`;
      }
      const source = sourceOf.get(where!);
      if (source !== undefined) return `${source}:${l}:${c}`;
    }
    return undefined;
  };
}
