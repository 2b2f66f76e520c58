const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** What XML 1.0 can carry at all, even escaped: not C0 controls (but tab, LF, CR), lone surrogates or U+FFFE/F. */
const isXmlChar = (code: number) =>
  code === 0x9 ||
  code === 0xa ||
  code === 0xd ||
  (code >= 0x20 && code <= 0xd7ff) ||
  (code >= 0xe000 && code <= 0xfffd) ||
  code >= 0x10000;

/**
 * The one escape of public output: every string that is not a literal of the templates goes through it, in HTML
 * text and attributes, in XML text and attributes, and in SVG. Escaping all five characters makes a value safe in
 * either quoting of an attribute as well as in text; characters XML cannot hold are dropped.
 */
export function escapeMarkup(value: string | number): string {
  let out = "";
  for (const c of String(value)) {
    if (!isXmlChar(c.codePointAt(0) ?? 0)) continue;
    out += entities[c] ?? c;
  }
  return out;
}

/** A URL fit for href/src: http or https only (never javascript: or data:), escaped; null otherwise. */
export function safeUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? escapeMarkup(url.href) : null;
  } catch {
    return null;
  }
}
