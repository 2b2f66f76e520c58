import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { StatusPage, StatusPageIncident } from "../api/types";
import { PageIncidents } from "./page-incidents";

const page: StatusPage = {
  id: "00000000-0000-7000-8000-0000000000aa",
  slug: "acme",
  title: "Acme status",
  historyDays: 90,
  sections: [],
  published: true,
  url: "/status/acme",
  domainVerification: null,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
};
const base = `/api/status-pages/${page.id}/incidents`;

const incident = (n: number, extra: Partial<StatusPageIncident> = {}): StatusPageIncident => ({
  id: `00000000-0000-7000-8000-0000000001${String(n).padStart(2, "0")}`,
  title: `Incident ${n}`,
  state: "investigating",
  createdAt: "2026-02-01T10:00:00Z",
  updatedAt: "2026-02-01T10:00:00Z",
  resolvedAt: null,
  updates: [
    { id: `u-${n}`, state: "investigating", message: `Looking into ${n}`, createdAt: "2026-02-01T10:00:00Z" },
  ],
  ...extra,
});

type Request = { method: string; path: string; headers: Record<string, string>; body: unknown };
let requests: Request[] = [];

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

beforeEach(() => {
  requests = [];
  // A stand-in for the page's incident routes: two pages of incidents, and what POST answers (201, the incident).
  vi.stubGlobal("fetch", async (path: string, init: RequestInit = {}) => {
    const method = init.method ?? "GET";
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    requests.push({ method, path, headers: (init.headers ?? {}) as Record<string, string>, body });
    const url = new URL(path, "http://vigil.test");
    if (method === "GET" && url.pathname === base) {
      return url.searchParams.get("cursor") === "older"
        ? json({
            items: [incident(1, { state: "resolved", resolvedAt: "2026-01-05T00:00:00Z" })],
            nextCursor: null,
          })
        : json({ items: [incident(2)], nextCursor: "older" });
    }
    if (method === "POST" && url.pathname === base) {
      return json(
        incident(3, {
          title: body.title,
          state: body.state,
          updates: [
            { id: "u-new", state: body.state, message: body.message, createdAt: "2026-02-02T00:00:00Z" },
          ],
        }),
        201,
      );
    }
    if (method === "POST" && url.pathname === `${base}/${incident(2).id}/updates`) {
      return json(
        incident(2, {
          state: body.state,
          updates: [
            { id: "u-2b", state: body.state, message: body.message, createdAt: "2026-02-01T11:00:00Z" },
            ...incident(2).updates,
          ],
        }),
        201,
      );
    }
    if (method === "DELETE") return new Response(null, { status: 204 });
    return json({ error: { code: "not_found", message: "no such route" } }, 404);
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const entry = (title: string) => screen.getByText(title).closest("li") as HTMLElement;

describe("status page incidents", () => {
  it("creates an incident with the title, message and state typed", async () => {
    render(<PageIncidents page={page} />);
    await screen.findByText("Incident 2");
    fireEvent.click(screen.getByRole("button", { name: "Report an incident" }));
    fireEvent.change(screen.getByLabelText("Title"), { target: { value: "API errors" } });
    fireEvent.change(screen.getByLabelText("State"), { target: { value: "identified" } });
    fireEvent.change(screen.getByLabelText("Message"), { target: { value: "A bad deploy.\nRolling back." } });
    fireEvent.click(screen.getByRole("button", { name: "Create incident" }));

    await screen.findByText("API errors");
    const create = requests.find((r) => r.method === "POST");
    expect(create?.path).toBe(base);
    expect(create?.body).toEqual({
      title: "API errors",
      message: "A bad deploy.\nRolling back.",
      state: "identified",
    });
    expect(create?.headers["content-type"]).toBe("application/json");
    // Newest first, above the loaded ones; the form closes.
    expect(screen.getAllByRole("listitem")[0]?.textContent).toContain("API errors");
    expect(screen.queryByLabelText("Title")).toBeNull();
  });

  it("shows the API's 400 beside the field", async () => {
    render(<PageIncidents page={page} />);
    await screen.findByText("Incident 2");
    vi.stubGlobal("fetch", async () =>
      json(
        {
          error: {
            code: "validation_error",
            message: "Invalid body",
            details: [{ in: "body", path: "message", message: "message must not be empty" }],
          },
        },
        400,
      ),
    );
    fireEvent.click(screen.getByRole("button", { name: "Report an incident" }));
    fireEvent.click(screen.getByRole("button", { name: "Create incident" }));
    await screen.findByText("message must not be empty");
    expect(screen.getByLabelText("Message").getAttribute("aria-invalid")).toBe("true");
  });

  it("posts an update with its state and shows it on top of the incident's updates", async () => {
    render(<PageIncidents page={page} />);
    await screen.findByText("Incident 2");
    fireEvent.click(within(entry("Incident 2")).getByRole("button", { name: "Post update" }));
    // The state starts at the incident's current one.
    expect((screen.getByLabelText("State") as HTMLSelectElement).value).toBe("investigating");
    fireEvent.change(screen.getByLabelText("State"), { target: { value: "monitoring" } });
    fireEvent.change(screen.getByLabelText("Update"), { target: { value: "A fix is out." } });
    fireEvent.click(screen.getByRole("button", { name: "Post update" }));

    await screen.findByText("A fix is out.");
    const update = requests.find((r) => r.method === "POST");
    expect(update?.path).toBe(`${base}/${incident(2).id}/updates`);
    expect(update?.body).toEqual({ message: "A fix is out.", state: "monitoring" });
    const updates = within(screen.getByRole("list", { name: "Updates to Incident 2" })).getAllByRole(
      "listitem",
    );
    expect(updates.map((u) => u.textContent)).toEqual([
      expect.stringContaining("MonitoringA fix is out."),
      expect.stringContaining("InvestigatingLooking into 2"),
    ]);
  });

  it("loads older incidents a page at a time, and deletes one after confirming", async () => {
    render(<PageIncidents page={page} />);
    await screen.findByText("Incident 2");
    expect(requests[0]?.path).toBe(`${base}?limit=20`);
    fireEvent.click(screen.getByRole("button", { name: "Show older incidents" }));
    await screen.findByText("Incident 1");
    expect(requests[1]?.path).toBe(`${base}?limit=20&cursor=older`);
    expect(screen.queryByRole("button", { name: "Show older incidents" })).toBeNull();

    fireEvent.click(within(entry("Incident 1")).getByRole("button", { name: "Delete" }));
    expect(screen.getByText('Delete "Incident 1" and its updates from the page?')).toBeTruthy();
    expect(requests.some((r) => r.method === "DELETE")).toBe(false);
    fireEvent.click(within(entry("Incident 1")).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(screen.queryByText("Incident 1")).toBeNull());
    const removal = requests.find((r) => r.method === "DELETE");
    expect(removal?.path).toBe(`${base}/${incident(1).id}`);
    expect(removal?.headers["content-type"]).toBe("application/json");
  });
});
