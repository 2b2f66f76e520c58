/** Display formats: short, unit-bearing, and the same everywhere. */

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "–";
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms)} ms`;
}

/** Uptime as a ratio 0-1 to a percentage that never rounds a failure up to 100%. */
export function formatUptime(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "–";
  const percent = ratio * 100;
  if (percent === 100) return "100%";
  return `${(Math.floor(percent * 100) / 100).toFixed(2)}%`;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export function formatRelative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "never";
  const diffSeconds = Math.round((now - Date.parse(iso)) / 1000);
  // Future times are clock skew or a stale `now` (refreshed every few seconds): both mean just now.
  if (diffSeconds < 5) return "just now";
  return `${formatDuration(diffSeconds)} ago`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateTimeSeconds = new Intl.DateTimeFormat(undefined, { dateStyle: "short", timeStyle: "medium" });

export const formatDateTime = (iso: string | null | undefined) =>
  iso ? dateTime.format(new Date(iso)) : "–";
export const formatDateTimeSeconds = (iso: string | null | undefined) =>
  iso ? dateTimeSeconds.format(new Date(iso)) : "–";

export function formatInterval(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** The host (and port) of a monitor URL for compact display; the URL itself when it does not parse. */
export function shortUrl(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  if (parsed.protocol === "dns:") return url;
  return `${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`;
}
