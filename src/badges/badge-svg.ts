import { escapeMarkup } from "../status-pages/escape.js";

/** shields.io's palette. */
export const badgeColors = {
  brightgreen: "#4c1",
  green: "#97ca00",
  yellow: "#dfb317",
  orange: "#fe7d37",
  red: "#e05d44",
  blue: "#007ec6",
  grey: "#9f9f9f",
} as const;
export type BadgeColor = keyof typeof badgeColors;

export type Badge = { label: string; value: string; color: BadgeColor };

// Rough advance widths of 11 px Verdana, the badge font: close enough that text never overflows its box.
const narrow = new Set("iljtfrI.,:;!|'()[] ");
const wide = new Set("mwMW%@");

export function textWidth(text: string): number {
  let width = 0;
  for (const c of text) {
    if (narrow.has(c)) width += 4.2;
    else if (wide.has(c)) width += 10.8;
    else if (/[A-Z0-9#?&]/.test(c)) width += 7.6;
    else width += 6.8;
  }
  return Math.ceil(width);
}

/** A flat badge in shields.io's style: grey label, colored value, rounded corners. Both texts are escaped. */
export function renderBadge({ label, value, color }: Badge): string {
  const labelWidth = textWidth(label) + 10;
  const valueWidth = textWidth(value) + 10;
  const width = labelWidth + valueWidth;
  const title = escapeMarkup(`${label}: ${value}`);
  const text = (x: number, content: string) =>
    `<text x="${x}" y="15" fill="#010101" fill-opacity=".3">${escapeMarkup(content)}</text><text x="${x}" y="14">${escapeMarkup(content)}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${title}"><title>${title}</title><linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient><clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath><g clip-path="url(#r)"><rect width="${labelWidth}" height="20" fill="#555"/><rect x="${labelWidth}" width="${valueWidth}" height="20" fill="${badgeColors[color]}"/><rect width="${width}" height="20" fill="url(#s)"/></g><g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">${text(labelWidth / 2, label)}${text(labelWidth + valueWidth / 2, value)}</g></svg>
`;
}
