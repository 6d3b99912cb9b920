import { useEffect, useState } from "preact/hooks";

/** A failed request: the HTTP status and the server's message. */
export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

async function parse<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
  if (!response.ok) throw new HttpError(response.status, body.error?.message ?? response.statusText);
  return body as T;
}

export function getJson<T>(path: string): Promise<T> {
  return fetch(path, { headers: { accept: "application/json" } }).then((r) => parse<T>(r));
}

export function postJson<T>(path: string): Promise<T> {
  return fetch(path, { method: "POST", headers: { accept: "application/json" } }).then((r) => parse<T>(r));
}

/** The state of an event stream: its latest event, and whether it is connected (the browser reconnects by itself). */
export interface StreamState<T> {
  readonly data: T | undefined;
  readonly connected: boolean;
}

/** Follows a server-sent event stream of one event name; the latest event wins. */
export function useEventStream<T>(path: string | undefined, event: string): StreamState<T> {
  const [state, setState] = useState<StreamState<T>>({ data: undefined, connected: false });
  useEffect(() => {
    if (path === undefined) return undefined;
    setState({ data: undefined, connected: false });
    const source = new EventSource(path);
    source.addEventListener(event, (e) =>
      setState({ data: JSON.parse((e as MessageEvent<string>).data) as T, connected: true }),
    );
    source.onopen = () => setState((s) => ({ ...s, connected: true }));
    source.onerror = () => setState((s) => ({ ...s, connected: false }));
    return () => source.close();
  }, [path, event]);
  return state;
}
