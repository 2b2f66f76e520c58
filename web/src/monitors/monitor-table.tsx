import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { memo, useLayoutEffect, useRef, useState } from "react";
import { Link } from "wouter";
import { formatMs, formatRelative, formatUptime, shortUrl } from "../lib/format";
import { useMediaQuery } from "../lib/use-resource";
import type { ListedMonitor } from "./monitor-store";
import { Sparkline } from "./sparkline";
import { StatusDot, statusLabels } from "./status-dot";

const maxBadges = 3;

function RegionBadges({ monitor }: { monitor: ListedMonitor }) {
  const regions = monitor.type === "heartbeat" ? ["push"] : monitor.regions;
  const shown = regions.slice(0, maxBadges);
  return (
    <span className="region-badges">
      {shown.map((region) => {
        const live = monitor.regionStatus?.[region];
        return (
          <span
            key={region}
            className={`region-badge${live ? ` region-${live.status}` : ""}`}
            title={
              live ? `${region}: ${statusLabels[live.status]} (${formatMs(live.responseTimeMs)})` : region
            }
          >
            {region}
          </span>
        );
      })}
      {regions.length > maxBadges ? (
        <span className="region-badge region-more" title={regions.slice(maxBadges).join(", ")}>
          +{regions.length - maxBadges}
        </span>
      ) : null}
    </span>
  );
}

/** The first tags as small badges beside the name; the rest counted, all of them on hover. */
function TagBadges({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return null;
  return (
    <span className="tag-badges" title={tags.join(", ")}>
      {tags.slice(0, maxBadges).map((tag) => (
        <span key={tag} className="tag-badge">
          {tag}
        </span>
      ))}
      {tags.length > maxBadges ? (
        <span className="tag-badge tag-more">+{tags.length - maxBadges}</span>
      ) : null}
    </span>
  );
}

const MonitorRow = memo(function MonitorRow({ monitor, now }: { monitor: ListedMonitor; now: number }) {
  const uptimeClass =
    monitor.uptime24h === null
      ? ""
      : monitor.uptime24h < 0.99
        ? " bad"
        : monitor.uptime24h < 0.999
          ? " warn"
          : "";
  return (
    <Link
      href={`/monitors/${monitor.id}`}
      className={`monitor-row status-${monitor.status}`}
      data-monitor-id={monitor.id}
    >
      <span className="cell cell-status">
        <StatusDot status={monitor.status} />
      </span>
      <span className="cell cell-name">
        <span className="monitor-title">
          <span className="monitor-name">{monitor.name}</span>
          <TagBadges tags={monitor.tags} />
        </span>
        <span className="monitor-url">
          <span className="type-tag">{monitor.type}</span>{" "}
          {monitor.type === "heartbeat" ? "push" : shortUrl(monitor.url)}
        </span>
      </span>
      <span className="cell cell-regions">
        <RegionBadges monitor={monitor} />
      </span>
      <span className={`cell cell-uptime num${uptimeClass}`} title="Uptime, last 24 h">
        {formatUptime(monitor.uptime24h)}
      </span>
      <span className="cell cell-p95 num" title="p95 response time, last 24 h">
        {formatMs(monitor.p95ResponseTimeMs24h)}
      </span>
      <span className="cell cell-spark">
        <Sparkline values={monitor.sparkline24h} />
      </span>
      <span className="cell cell-last" title={monitor.lastCheckedAt ?? "never checked"}>
        {monitor.paused ? "paused" : formatRelative(monitor.lastCheckedAt, now)}
      </span>
    </Link>
  );
});

/**
 * The monitor rows, virtualized against the window's scroll so only the rows on screen (plus a few) exist in the
 * DOM: 5,000 monitors scroll like 50. Rows have a fixed height per layout (wide: one line; narrow: a two-line card).
 */
export function MonitorTable({ items, now }: { items: readonly ListedMonitor[]; now: number }) {
  const narrow = useMediaQuery("(max-width: 760px)");
  const rowHeight = narrow ? 76 : 60;
  const listRef = useRef<HTMLUListElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);

  useLayoutEffect(() => {
    const measure = () => {
      const el = listRef.current;
      if (el) setScrollMargin(el.getBoundingClientRect().top + window.scrollY);
    };
    measure();
    window.addEventListener("resize", measure);
    return () => window.removeEventListener("resize", measure);
  }, []);

  const virtualizer = useWindowVirtualizer({
    count: items.length,
    estimateSize: () => rowHeight,
    overscan: 10,
    scrollMargin,
    getItemKey: (i) => items[i]?.id ?? i,
  });
  // A new layout changes every row's height.
  // biome-ignore lint/correctness/useExhaustiveDependencies: remeasure when the row height changes
  useLayoutEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);

  return (
    <div className="monitor-table">
      <div className="monitor-row monitor-head" aria-hidden="true">
        <span className="cell cell-status" />
        <span className="cell cell-name">Name</span>
        <span className="cell cell-regions">Regions</span>
        <span className="cell cell-uptime num">Uptime 24h</span>
        <span className="cell cell-p95 num">p95</span>
        <span className="cell cell-spark">Response 24h</span>
        <span className="cell cell-last">Last check</span>
      </div>
      <ul
        ref={listRef}
        className="monitor-rows"
        aria-label={`Monitors (${items.length})`}
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((row) => {
          const monitor = items[row.index];
          if (!monitor) return null;
          return (
            <li
              key={row.key}
              className="monitor-row-slot"
              aria-setsize={items.length}
              aria-posinset={row.index + 1}
              style={{ height: row.size, transform: `translateY(${row.start - scrollMargin}px)` }}
            >
              <MonitorRow monitor={monitor} now={now} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
