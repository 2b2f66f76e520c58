import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** Colours for series in order; picked to stay apart in light and dark themes. */
export const seriesColors = [
  "#0f766e",
  "#7c3aed",
  "#d97706",
  "#2563eb",
  "#db2777",
  "#65a30d",
  "#0891b2",
  "#dc2626",
];

/**
 * A uPlot chart that follows its container's width. Options and data are applied whole: a new options object builds
 * a new chart, new data on the same options only redraws.
 */
export function UPlotChart({
  options,
  data,
  height = 240,
  label,
}: {
  options: Omit<uPlot.Options, "width" | "height">;
  data: uPlot.AlignedData;
  height?: number;
  label: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const dataRef = useRef(data);
  dataRef.current = data;

  useEffect(() => {
    const el = container.current;
    if (!el) return undefined;
    const plot = new uPlot({ ...options, width: el.clientWidth || 600, height }, dataRef.current, el);
    chart.current = plot;
    const observer = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
      chart.current = null;
    };
  }, [options, height]);

  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);

  return <div className="chart" ref={container} role="img" aria-label={label} />;
}
