import type { UptimeBars as UptimeBarsJson } from "../api/types";
import { formatUptime } from "../lib/format";

/** One bar per UTC day, oldest left; the day's figures on hover and for screen readers. */
export function UptimeBars({ bars }: { bars: UptimeBarsJson }) {
  const days = bars.bars.length;
  return (
    <div className="uptime-bars-wrap">
      <ol className="uptime-bars" aria-label={`Uptime per day, last ${days} days`}>
        {bars.bars.map((bar) => {
          const text =
            bar.status === "no-data"
              ? `${bar.date}: no data`
              : `${bar.date}: ${formatUptime(bar.uptime)} up (${bar.down} down, ${bar.degraded} degraded of ${bar.checks} checks)`;
          return (
            <li key={bar.date} className={`uptime-bar bar-${bar.status}`} title={text}>
              <span className="visually-hidden">{text}</span>
            </li>
          );
        })}
      </ol>
      <div className="uptime-bars-legend">
        <span>{days} days ago</span>
        <span>{formatUptime(bars.uptime)} uptime</span>
        <span>Today</span>
      </div>
    </div>
  );
}
