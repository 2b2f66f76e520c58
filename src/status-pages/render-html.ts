import type { DayStatus } from "../stats/timeline-schemas.js";
import { escapeMarkup, safeUrl } from "./escape.js";
import { incidentStateText, type PageIncidentJson } from "./page-incident-schemas.js";
import { pageStyle } from "./page-style.js";
import type { OverallState, PublicMonitorState, PublicStatus } from "./public-status-schema.js";

// Every interpolated value that is not a literal of this file goes through escapeMarkup().

const overallText: Record<OverallState, string> = {
  operational: "All systems operational",
  partial_outage: "Partial outage",
  major_outage: "Major outage",
  maintenance: "Under maintenance",
};

const monitorText: Record<PublicMonitorState, string> = {
  up: "Operational",
  degraded: "Degraded performance",
  down: "Outage",
  pending: "No data yet",
  paused: "Paused",
  maintenance: "Under maintenance",
};

const dayText: Record<DayStatus, string> = {
  up: "No downtime",
  degraded: "Some failed or slow checks",
  down: "Outage",
  "no-data": "No data",
};

/** Uptime truncated, not rounded, so 99.999 % never shows as 100 %. */
export function formatUptime(uptime: number | null): string {
  if (uptime === null) return "No data";
  return `${Math.floor(uptime * 10_000) / 100}%`;
}

const dateTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

const time = (iso: string) =>
  `<time datetime="${escapeMarkup(iso)}">${escapeMarkup(dateTime.format(new Date(iso)))} UTC</time>`;

function document(title: string, head: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeMarkup(title)}</title>
${head}<style>${pageStyle}</style>
</head>
<body><div class="wrap">
${body}
</div></body>
</html>
`;
}

function bars(monitor: PublicStatus["sections"][number]["monitors"][number], days: number): string {
  const spans = monitor.bars
    .map((b) => {
      const label = `${b.date}: ${dayText[b.status]}${b.uptime === null ? "" : `, ${formatUptime(b.uptime)} uptime`}`;
      return `<span class="bar b-${escapeMarkup(b.status)}" title="${escapeMarkup(label)}"></span>`;
    })
    .join("");
  const summary = `Uptime over the last ${days} days: ${formatUptime(monitor.uptime)}`;
  return `<div class="bars" role="img" aria-label="${escapeMarkup(summary)}">${spans}</div>
<div class="legend"><span><span class="long">${escapeMarkup(days)} days ago</span><span class="short">30 days ago</span></span><span>${escapeMarkup(formatUptime(monitor.uptime))} uptime</span><span>Today</span></div>`;
}

function sectionsHtml(status: PublicStatus): string {
  return status.sections
    .filter((s) => s.monitors.length > 0)
    .map(
      (section) => `<section class="card"><h2>${escapeMarkup(section.name)}</h2><ul>
${section.monitors
  .map(
    (
      m,
    ) => `<li class="monitor"><div class="row"><span class="name">${escapeMarkup(m.name)}</span><span class="state m-${escapeMarkup(m.state)}">${escapeMarkup(monitorText[m.state])}</span></div>
${bars(m, status.page.historyDays)}</li>`,
  )
  .join("\n")}
</ul></section>`,
    )
    .join("\n");
}

function incidentHtml(incident: PageIncidentJson): string {
  const updates = incident.updates
    .map(
      (
        u,
      ) => `<div class="update"><span class="tag i-${escapeMarkup(u.state)}">${escapeMarkup(incidentStateText[u.state])}</span>
<p>${escapeMarkup(u.message)}</p><span class="meta">${time(u.createdAt)}</span></div>`,
    )
    .join("\n");
  return `<article class="incident" id="incident-${escapeMarkup(incident.id)}"><h3>${escapeMarkup(incident.title)}</h3>
${updates}</article>`;
}

function incidentsHtml(title: string, incidents: PageIncidentJson[]): string {
  if (incidents.length === 0) return "";
  return `<section class="card"><h2>${escapeMarkup(title)}</h2>
${incidents.map(incidentHtml).join("\n")}</section>`;
}

function maintenanceHtml(status: PublicStatus): string {
  if (status.maintenance.length === 0) return "";
  const names = new Map(status.sections.flatMap((s) => s.monitors.map((m) => [m.id, m.name] as const)));
  const items = status.maintenance
    .map((w) => {
      const affected = w.monitorIds.flatMap((id) => names.get(id) ?? []).join(", ");
      return `<li class="incident"><h3>${escapeMarkup(w.name)}${w.active ? ' <span class="tag m-maintenance">In progress</span>' : ""}</h3>
<span class="meta">${time(w.startsAt)} – ${time(w.endsAt)}</span>${affected ? `<p class="meta">Affects: ${escapeMarkup(affected)}</p>` : ""}</li>`;
    })
    .join("\n");
  return `<section class="card"><h2>Scheduled maintenance</h2><ul>
${items}</ul></section>`;
}

/**
 * The page as HTML. `basePath` is where it is served ("/status/<slug>", or "" on its custom domain), for the links
 * to its feeds and JSON.
 */
export function renderStatusHtml(status: PublicStatus, basePath: string): string {
  const { page } = status;
  const logo = safeUrl(page.logoUrl);
  const feeds = `<link rel="alternate" type="application/atom+xml" title="${escapeMarkup(page.title)} incidents (Atom)" href="${escapeMarkup(basePath)}/feed.atom">
<link rel="alternate" type="application/rss+xml" title="${escapeMarkup(page.title)} incidents (RSS)" href="${escapeMarkup(basePath)}/feed.rss">
`;
  const body = `<header>${logo ? `<img src="${logo}" alt="">` : ""}<h1>${escapeMarkup(page.title)}</h1></header>
<main>
<section class="card overall s-${escapeMarkup(status.state)}"><span>${escapeMarkup(overallText[status.state])}</span><small>Updated ${time(status.generatedAt)}</small></section>
${incidentsHtml("Active incidents", status.incidents.active)}
${maintenanceHtml(status)}
${sectionsHtml(status)}
${incidentsHtml(`Resolved in the last ${page.historyDays} days`, status.incidents.recent)}
</main>
<footer><a href="${escapeMarkup(basePath)}/feed.atom">Atom</a> · <a href="${escapeMarkup(basePath)}/feed.rss">RSS</a> · <a href="${escapeMarkup(basePath)}/status.json">JSON</a> · Powered by Vigil</footer>`;
  return document(`${page.title} status`, feeds, body);
}

export function renderNotFoundHtml(): string {
  return document(
    "Status page not found",
    "",
    `<main><section class="card"><h1>Status page not found</h1>
<p>There is no published status page at this address.</p></section></main>`,
  );
}
