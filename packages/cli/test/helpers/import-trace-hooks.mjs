// Module hooks (node:module register) that append every resolved URL to $MCX_IMPORT_TRACE, one a line: how the
// start-up test sees which modules a command loads.
import { appendFileSync } from "node:fs";

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.MCX_IMPORT_TRACE, `${resolved.url}\n`);
  return resolved;
}
