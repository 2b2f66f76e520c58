import { escapeMarkup } from "./escape.js";
import { incidentStateText, type PageIncidentJson } from "./page-incident-schemas.js";

// Every interpolated value that is not a literal of this file goes through escapeMarkup().

export type FeedSource = {
  /** Stable across renames of the slug: the page's id. */
  pageId: string;
  title: string;
  /** Absolute URL of the HTML page; the feeds sit beside it. */
  pageUrl: string;
  /** Absolute URL of this feed. */
  selfUrl: string;
  /** When the page itself last changed: the feed's date when it has no incidents. */
  updatedAt: string;
  /** Newest first. */
  incidents: PageIncidentJson[];
};

/** The updates as plain text, newest first: the state, the time, then what was said. */
function updatesText(incident: PageIncidentJson): string {
  return incident.updates
    .map((u) => `${incidentStateText[u.state]} (${new Date(u.createdAt).toUTCString()})\n${u.message}`)
    .join("\n\n");
}

/** RSS descriptions are HTML: the text is escaped into HTML first, then that HTML into XML. */
const asHtml = (text: string) => escapeMarkup(text).replaceAll("\n", "<br>");

const entryTitle = (incident: PageIncidentJson) => `${incidentStateText[incident.state]}: ${incident.title}`;

const latest = (source: FeedSource) =>
  source.incidents.reduce((max, i) => (i.updatedAt > max ? i.updatedAt : max), source.updatedAt);

export function renderAtom(source: FeedSource): string {
  const entries = source.incidents
    .map(
      (i) => `<entry>
<id>urn:uuid:${escapeMarkup(i.id)}</id>
<title type="text">${escapeMarkup(entryTitle(i))}</title>
<link rel="alternate" type="text/html" href="${escapeMarkup(`${source.pageUrl}#incident-${i.id}`)}"/>
<published>${escapeMarkup(i.createdAt)}</published>
<updated>${escapeMarkup(i.updatedAt)}</updated>
<content type="text">${escapeMarkup(updatesText(i))}</content>
</entry>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>urn:uuid:${escapeMarkup(source.pageId)}</id>
<title type="text">${escapeMarkup(`${source.title} incidents`)}</title>
<link rel="alternate" type="text/html" href="${escapeMarkup(source.pageUrl)}"/>
<link rel="self" type="application/atom+xml" href="${escapeMarkup(source.selfUrl)}"/>
<updated>${escapeMarkup(latest(source))}</updated>
<author><name>${escapeMarkup(source.title)}</name></author>
${entries}
</feed>
`;
}

export function renderRss(source: FeedSource): string {
  const items = source.incidents
    .map(
      (i) => `<item>
<title>${escapeMarkup(entryTitle(i))}</title>
<link>${escapeMarkup(`${source.pageUrl}#incident-${i.id}`)}</link>
<guid isPermaLink="false">urn:uuid:${escapeMarkup(i.id)}</guid>
<pubDate>${escapeMarkup(new Date(i.createdAt).toUTCString())}</pubDate>
<description>${escapeMarkup(asHtml(updatesText(i)))}</description>
</item>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${escapeMarkup(`${source.title} incidents`)}</title>
<link>${escapeMarkup(source.pageUrl)}</link>
<description>${escapeMarkup(`Incidents and their updates from the ${source.title} status page`)}</description>
<atom:link href="${escapeMarkup(source.selfUrl)}" rel="self" type="application/rss+xml"/>
<lastBuildDate>${escapeMarkup(new Date(latest(source)).toUTCString())}</lastBuildDate>
${items}
</channel>
</rss>
`;
}
