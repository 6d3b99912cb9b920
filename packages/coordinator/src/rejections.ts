/** Messages a service turned away, counted by reason (`api: not JSON`, `stream: bad subject` …). */
export interface Rejections {
  count(reason: string): void;
  byReason(): Record<string, number>;
}

export function createRejections(): Rejections {
  const counts = new Map<string, number>();
  return {
    count: (reason) => counts.set(reason, (counts.get(reason) ?? 0) + 1),
    byReason: () => Object.fromEntries(counts),
  };
}
