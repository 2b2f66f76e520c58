import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Router } from "wouter";
import { memoryLocation } from "wouter/memory-location";
import type { MonitorListItem, MonitorStatus } from "../api/types";
import { MonitorListPage } from "./monitor-list-page";
import { MonitorStoreProvider } from "./monitor-store-context";

function item(i: number, status: MonitorStatus, extra: Partial<MonitorListItem> = {}): MonitorListItem {
  return {
    id: `00000000-0000-7000-8000-${String(i).padStart(12, "0")}`,
    name: `Service ${String(i).padStart(2, "0")}`,
    type: "http",
    url: `https://service-${i}.example.com/health`,
    method: "GET",
    headers: {},
    body: null,
    intervalSeconds: 60,
    timeoutMs: 5000,
    expectedStatus: "200-399",
    regions: ["eu-west", "us-east"],
    auth: null,
    followRedirects: true,
    maxRedirects: 5,
    ignoreTlsErrors: false,
    userAgent: null,
    assertions: [],
    graceSeconds: 60,
    confirmations: 2,
    quorum: 1,
    recoveries: 2,
    retryIntervalSeconds: 10,
    channelIds: null,
    reminderMinutes: null,
    // Every third monitor is in production and owned by the API team; the rest are staging.
    tags: i % 3 === 0 ? ["env:prod", "team/api"] : ["env:staging"],
    pingUrl: null,
    paused: status === "paused",
    status,
    lastCheckedAt: new Date().toISOString(),
    certificateExpiresAt: null,
    certificateDaysLeft: null,
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    uptime24h: status === "down" ? 0.9 : 1,
    p95ResponseTimeMs24h: 100 + i,
    sparkline24h: Array.from({ length: 24 }, (_, h) => 100 + ((h * i) % 30)),
    ...extra,
  };
}

// 30 monitors over two pages: 3 down, 2 paused, the rest up.
const monitors = Array.from({ length: 30 }, (_, i) =>
  item(i, i % 10 === 3 ? "down" : i === 7 || i === 8 ? "paused" : "up"),
);
const requested: string[] = [];

beforeEach(() => {
  requested.length = 0;
  // jsdom has no scrolling; the virtualizer calls it when it measures.
  vi.stubGlobal("scrollTo", () => undefined);
  // A stand-in for the API's two routes this page reads, with its paging.
  vi.stubGlobal("fetch", async (input: string) => {
    requested.push(input);
    const url = new URL(input, "http://vigil.test");
    const json = (body: unknown) =>
      new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
    if (url.pathname === "/api/monitor") {
      const start = url.searchParams.get("cursor") ? 20 : 0;
      return json({ items: monitors.slice(start, start + 20), nextCursor: start === 0 ? "page-2" : null });
    }
    if (url.pathname === "/api/dashboard/summary") {
      return json({
        monitors: { total: 30, up: 25, down: 3, degraded: 0, paused: 2, pending: 0, maintenance: 0 },
        uptime24h: 0.99,
        incidents: { open: 3, today: 1 },
        p95ResponseTimeMs24h: 120,
      });
    }
    return new Response("{}", { status: 404, headers: { "content-type": "application/json" } });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderPage(path = "/") {
  const location = memoryLocation({ path, record: true });
  render(
    <Router hook={location.hook} searchHook={location.searchHook}>
      <MonitorStoreProvider>
        <MonitorListPage />
      </MonitorStoreProvider>
    </Router>,
  );
  return location;
}

const rowNames = () =>
  within(screen.getByRole("list", { name: /Monitors/ }))
    .getAllByRole("link")
    .map((link) => link.querySelector(".monitor-name")?.textContent);

describe("the monitor list", () => {
  it("loads every page and puts problems first", async () => {
    renderPage();
    await screen.findByText("30 monitors");
    expect(requested.filter((r) => r.startsWith("/api/monitor"))).toEqual([
      "/api/monitor?limit=1000",
      "/api/monitor?limit=1000&cursor=page-2",
    ]);
    const names = rowNames();
    expect(names.slice(0, 3)).toEqual(["Service 03", "Service 13", "Service 23"]);
    expect(screen.getByText("Open incidents").nextSibling?.textContent).toBe("3");
  });

  it("filters by status and by text, and keeps the filter in the URL", async () => {
    const location = renderPage();
    await screen.findByText("30 monitors");
    fireEvent.click(screen.getByRole("button", { name: /Down 3/ }));
    await waitFor(() => expect(rowNames()).toEqual(["Service 03", "Service 13", "Service 23"]));
    expect(location.history.at(-1)).toBe("/?status=down");

    fireEvent.click(screen.getByRole("button", { name: /All 30/ }));
    fireEvent.change(screen.getByLabelText("Filter monitors"), { target: { value: "service-2 health" } });
    await waitFor(() => expect(rowNames()).toHaveLength(11)); // service-2 and service-20..29
    expect(screen.getByText("11 of 30 monitors")).toBeTruthy();

    fireEvent.change(screen.getByLabelText("Filter monitors"), { target: { value: "nothing-matches" } });
    expect(await screen.findByText("No monitor matches this filter")).toBeTruthy();
  });

  it("shows tags as badges and filters by tag:name", async () => {
    const location = renderPage("/?sort=name");
    await screen.findByText("30 monitors");
    const first = within(screen.getByRole("list", { name: /Monitors/ })).getAllByRole("link")[0];
    expect([...(first?.querySelectorAll(".tag-badge") ?? [])].map((b) => b.textContent)).toEqual([
      "env:prod",
      "team/api",
    ]);

    fireEvent.change(screen.getByLabelText("Filter monitors"), { target: { value: "tag:ENV:prod" } });
    await waitFor(() => expect(screen.getByText("10 of 30 monitors")).toBeTruthy());
    expect(rowNames().slice(0, 3)).toEqual(["Service 00", "Service 03", "Service 06"]);
    expect(location.history.at(-1)).toBe("/?q=tag%3AENV%3Aprod&sort=name");

    // Every tag: word must match, and the other words still search the text.
    fireEvent.change(screen.getByLabelText("Filter monitors"), {
      target: { value: "tag:env:prod tag:team/api service-2" },
    });
    await waitFor(() => expect(rowNames()).toEqual(["Service 21", "Service 24", "Service 27"]));

    // A tag matches whole, not by its start; a bare "tag:" being typed filters nothing.
    fireEvent.change(screen.getByLabelText("Filter monitors"), { target: { value: "tag:env" } });
    expect(await screen.findByText("No monitor matches this filter")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Filter monitors"), { target: { value: "tag:" } });
    expect(await screen.findByText("30 monitors")).toBeTruthy();
  });

  it("sorts by name, uptime and p95", async () => {
    renderPage("/?sort=name");
    await screen.findByText("30 monitors");
    expect(rowNames().slice(0, 3)).toEqual(["Service 00", "Service 01", "Service 02"]);
    fireEvent.change(screen.getByLabelText("Sort by"), { target: { value: "p95" } });
    await waitFor(() => expect(rowNames()[0]).toBe("Service 29"));
    fireEvent.change(screen.getByLabelText("Sort by"), { target: { value: "uptime" } });
    await waitFor(() => expect(rowNames().slice(0, 3)).toEqual(["Service 03", "Service 13", "Service 23"]));
  });

  it("renders only the rows on screen (virtualized)", async () => {
    renderPage();
    await screen.findByText("30 monitors");
    // jsdom's window is 768 px high: the rows of 60 px that fit, plus the overscan; not all 30 (nor 5,000).
    expect(rowNames().length).toBeGreaterThan(5);
    expect(rowNames().length).toBeLessThan(30);
    expect(screen.getByRole("list", { name: "Monitors (30)" }).style.height).toBe(`${30 * 60}px`);
  });
});
