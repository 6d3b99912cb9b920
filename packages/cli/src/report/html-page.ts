import { esc } from "./svg.ts";

/** What differs between mcx's HTML pages (the report, the dashboard): the title, the rest of the head, the body. */
export interface HtmlPage {
  readonly title: string;
  /** Lines of the head after the title (stylesheets, scripts, a content security policy), each ending in "\n". */
  readonly head: string;
  readonly body: string;
}

/**
 * An HTML5 document with the head every mcx page shares: UTF-8, the device's width, light and dark colour schemes.
 * The title is escaped; `head` and `body` are HTML as given.
 */
export function htmlPage(page: HtmlPage): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${esc(page.title)}</title>
${page.head}</head>
<body>${page.body}</body>
</html>
`;
}
