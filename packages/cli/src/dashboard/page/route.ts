import { useEffect, useState } from "preact/hooks";

/** The page's views, addressed by the URL's hash so links and the back button work: #/, #/run/<id>, #/workers. */
export type Route =
  | { readonly view: "runs" }
  | { readonly view: "run"; readonly runId: string }
  | { readonly view: "workers" };

export function parseRoute(hash: string): Route {
  const run = /^#\/run\/([a-z0-9][a-z0-9-]{0,63})$/.exec(hash);
  if (run !== null) return { view: "run", runId: run[1]! };
  if (hash === "#/workers") return { view: "workers" };
  return { view: "runs" };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);
  return route;
}

export const runHref = (runId: string): string => `#/run/${runId}`;
