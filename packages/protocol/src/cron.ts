// Cron expressions of schedules, checked with the parser BullMQ's job schedulers use (cron-parser), so an expression
// accepted here is one BullMQ can schedule.
import { CronExpressionParser } from "cron-parser";

/** Shorthands cron-parser expands (`@daily` = `0 0 0 * * *`, seconds first). */
const PREDEFINED = new Set([
  "@yearly",
  "@annually",
  "@monthly",
  "@weekly",
  "@daily",
  "@hourly",
  "@minutely",
  "@weekdays",
  "@weekends",
]);

/**
 * Why `expression` is not a usable cron expression (in time zone `tz`), or undefined when it is. Stricter than
 * cron-parser alone, which fills missing fields (`"* * *"`, even `""`, parse as "every minute"): an expression must
 * have 5 fields (minute hour day-of-month month day-of-week), 6 with seconds first, or be one of the `@` shorthands.
 * @example cronProblem("0 3 * * *") // → undefined
 * @example cronProblem("61 * * * *") // → "Constraint error, got value 61 expected range 0-59"
 */
export function cronProblem(expression: string, tz?: string): string | undefined {
  const text = expression.trim();
  if (tz !== undefined) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
    } catch {
      return `unknown time zone "${tz}" (an IANA name such as Europe/Berlin or UTC)`;
    }
  }
  const fields = text.split(/\s+/).filter((f) => f !== "");
  if (text.startsWith("@")) {
    if (!PREDEFINED.has(text)) return `unknown shorthand ${text} (one of ${[...PREDEFINED].join(", ")})`;
  } else if (fields.length < 5 || fields.length > 6) {
    return `needs 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, got ${fields.length}`;
  }
  try {
    const interval = CronExpressionParser.parse(text, { currentDate: new Date(), ...(tz === undefined ? {} : { tz }) });
    interval.next();
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

/**
 * The next `count` times `expression` fires after `from` (in time zone `tz`, default the local one).
 * @throws Error when the expression does not parse (check it with {@link cronProblem} first)
 * @example nextCronTimes("0 3 * * *", 1, new Date("2025-01-01T12:00:00Z"), "UTC") // → [2025-01-02T03:00:00.000Z]
 */
export function nextCronTimes(expression: string, count: number, from = new Date(), tz?: string): Date[] {
  const interval = CronExpressionParser.parse(expression.trim(), {
    currentDate: from,
    ...(tz === undefined ? {} : { tz }),
  });
  return interval.take(count).map((d) => d.toDate());
}
