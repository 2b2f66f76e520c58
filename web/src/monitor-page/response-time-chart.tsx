import { useMemo, useRef, useState } from "react";
import type uPlot from "uplot";
import { get } from "../api/client";
import type { Timeline } from "../api/types";
import { formatMs } from "../lib/format";
import { useResource } from "../lib/use-resource";
import { useLiveEvents } from "../live/live-context";
import { ErrorBanner, Loading } from "../ui/controls";
import { seriesColors, UPlotChart } from "./uplot-chart";

const ranges = { "24h": 1, "7d": 7, "30d": 30, "90d": 90 } as const;
type Range = keyof typeof ranges;
const stepSeconds: Record<string, number> = {
  "1m": 60,
  "5m": 300,
  "15m": 900,
  "1h": 3600,
  "6h": 21600,
  "1d": 86400,
};

/**
 * Columns for uPlot: one x per step from the first to the last point (so a step without checks is a gap, not a
 * line drawn across it), then p95 and p50 per region.
 */
export function chartData(timeline: Timeline): { data: uPlot.AlignedData; regions: string[] } {
  const step = stepSeconds[timeline.step] ?? 300;
  const times = timeline.regions.flatMap((r) => r.points.map((p) => Date.parse(p.t) / 1000));
  const regions = timeline.regions.map((r) => r.region);
  if (times.length === 0) return { data: [[], ...regions.flatMap(() => [[], []])], regions };
  const first = Math.min(...times);
  const last = Math.max(...times);
  const xs: number[] = [];
  for (let t = first; t <= last; t += step) xs.push(t);
  const columns = timeline.regions.flatMap((region) => {
    const byTime = new Map(region.points.map((p) => [Date.parse(p.t) / 1000, p]));
    return [xs.map((t) => byTime.get(t)?.p95Ms ?? null), xs.map((t) => byTime.get(t)?.p50Ms ?? null)];
  });
  return { data: [xs, ...columns] as uPlot.AlignedData, regions };
}

/** `window` holds the requested range (seconds): the x axis always spans it, however few points there are. */
function chartOptions(
  regions: string[],
  window: { current: [number, number] },
): Omit<uPlot.Options, "width" | "height"> {
  const series: uPlot.Series[] = [{}];
  regions.forEach((region, i) => {
    const stroke = seriesColors[i % seriesColors.length];
    series.push({ label: `${region} p95`, stroke, width: 2, value: (_u, v) => formatMs(v) });
    series.push({ label: `${region} p50`, stroke, width: 1, dash: [4, 4], value: (_u, v) => formatMs(v) });
  });
  return {
    series,
    scales: {
      x: { time: true, range: () => window.current },
      y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.1)] },
    },
    axes: [
      { stroke: "currentColor", grid: { stroke: "rgba(128,128,128,0.15)" } },
      {
        stroke: "currentColor",
        grid: { stroke: "rgba(128,128,128,0.15)" },
        values: (_u, vals) => vals.map((v) => formatMs(v)),
        size: 76,
      },
    ],
    cursor: { drag: { x: true, y: false } },
  };
}

export function ResponseTimeChart({ monitorId }: { monitorId: string }) {
  const [range, setRange] = useState<Range>("24h");
  const timeline = useResource(() => {
    const from = new Date(Date.now() - ranges[range] * 86_400_000).toISOString();
    return get<Timeline>(`/api/monitor/${monitorId}/timeline?from=${encodeURIComponent(from)}`);
  }, `${monitorId}/${range}`);
  useLiveEvents((event) => {
    if (event.type === "resync") void timeline.reload();
  });
  const chart = useMemo(() => (timeline.data ? chartData(timeline.data) : undefined), [timeline.data]);
  const xWindow = useRef<[number, number]>([0, 1]);
  if (timeline.data)
    xWindow.current = [Date.parse(timeline.data.from) / 1000, Date.parse(timeline.data.to) / 1000];
  const regionKey = chart?.regions.join(",") ?? "";
  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuild the chart only when the regions change
  const options = useMemo(() => chartOptions(chart?.regions ?? [], xWindow), [regionKey]);

  return (
    <section className="card" aria-labelledby="rt-title">
      <div className="card-head">
        <h2 id="rt-title">Response time</h2>
        <fieldset className="segmented segmented-small">
          <legend className="visually-hidden">Time range</legend>
          {(Object.keys(ranges) as Range[]).map((r) => (
            <button
              key={r}
              type="button"
              className={`segment${r === range ? " active" : ""}`}
              aria-pressed={r === range}
              onClick={() => setRange(r)}
            >
              {r}
            </button>
          ))}
        </fieldset>
      </div>
      <ErrorBanner error={timeline.error} />
      {chart && chart.data[0].length > 0 ? (
        <UPlotChart
          options={options}
          data={chart.data}
          label={`Response time per region, p95 and p50, last ${range}`}
        />
      ) : timeline.loading ? (
        <Loading />
      ) : (
        <p className="hint chart-empty">No checks in this range yet.</p>
      )}
      {timeline.data ? (
        <p className="hint">Each point covers {timeline.data.step}; solid: p95, dashed: p50.</p>
      ) : null}
    </section>
  );
}
