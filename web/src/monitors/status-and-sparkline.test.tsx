import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { monitorStatuses } from "../api/types";
import { Sparkline, sparklinePath } from "./sparkline";
import { StatusBadge, StatusDot, statusLabels } from "./status-dot";

afterEach(cleanup);

describe("StatusDot", () => {
  it.each(monitorStatuses)("shows %s in colour and in words", (status) => {
    render(<StatusDot status={status} />);
    const dot = screen.getByRole("img", { name: statusLabels[status] });
    expect(dot.classList.contains(`dot-${status}`)).toBe(true);
    expect(dot.getAttribute("title")).toBe(statusLabels[status]);
  });

  it("labels a badge with the status text", () => {
    render(<StatusBadge status="degraded" />);
    expect(screen.getByText("Degraded")).toBeTruthy();
  });
});

describe("Sparkline", () => {
  it("draws a line scaled to the box, highest value at the top", () => {
    const d = sparklinePath([100, 200, 150], 102, 22);
    expect(d).toBe("M1.0 21.0L51.0 1.0L101.0 11.0");
  });

  it("breaks the line where an hour has no data and draws a lone point as a dot", () => {
    const d = sparklinePath([100, 120, null, 110, null, 90, 100], 100, 20);
    expect(d.match(/M/g)).toHaveLength(3);
    expect(d).toContain("h0"); // the lone 110
  });

  it("renders an empty placeholder without data, and a path with it", () => {
    const { container, rerender } = render(<Sparkline values={Array(24).fill(null)} />);
    expect(container.querySelector("path")).toBeNull();
    expect(container.querySelector("line.sparkline-empty")).not.toBeNull();
    expect(screen.getByRole("img", { name: "No response times in the last 24 h" })).toBeTruthy();

    rerender(<Sparkline values={[80, 95, 120]} />);
    expect(container.querySelector("path")?.getAttribute("d")).toMatch(/^M/);
    expect(screen.getByRole("img", { name: "Response time, last 24 h: 80 ms to 120 ms" })).toBeTruthy();
  });
});
