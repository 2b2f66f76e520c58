import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Router } from "wouter";
import { memoryLocation } from "wouter/memory-location";
import type { ApiToken } from "../api/types";
import { ApiTokensPage } from "./api-tokens-page";

const secret = `vgl_${"A".repeat(43)}`;
const existing: ApiToken = {
  id: "00000000-0000-7000-8000-000000000001",
  name: "CI deploy",
  prefix: "vgl_AbCdEfGh",
  createdAt: "2026-01-01T00:00:00Z",
  expiresAt: null,
  lastUsedAt: null,
};

type Request = { method: string; path: string; headers: Record<string, string>; body: unknown };
let requests: Request[] = [];
let tokens: ApiToken[] = [];
/** What POST /api/tokens answers: the created token, or a 400. */
let createAnswer: () => Response;

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

beforeEach(() => {
  requests = [];
  tokens = [existing];
  createAnswer = () => {
    const apiToken: ApiToken = { ...existing, id: "00000000-0000-7000-8000-000000000002", name: "Laptop" };
    tokens = [...tokens, apiToken];
    return json({ token: secret, apiToken }, 201);
  };
  // A stand-in for the API's token routes.
  vi.stubGlobal("fetch", async (path: string, init: RequestInit = {}) => {
    const method = init.method ?? "GET";
    requests.push({
      method,
      path,
      headers: (init.headers ?? {}) as Record<string, string>,
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    });
    if (method === "GET" && path.startsWith("/api/tokens?")) return json({ items: tokens, nextCursor: null });
    if (method === "POST" && path === "/api/tokens") return createAnswer();
    if (method === "DELETE" && path.startsWith("/api/tokens/")) {
      tokens = tokens.filter((t) => `/api/tokens/${t.id}` !== path);
      return new Response(null, { status: 204 });
    }
    return json({ error: { code: "not_found", message: "no such route" } }, 404);
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  Reflect.deleteProperty(navigator, "clipboard");
});

function renderPage() {
  const location = memoryLocation({ path: "/account/tokens" });
  render(
    <Router hook={location.hook}>
      <ApiTokensPage />
    </Router>,
  );
}

const tokenList = () => screen.getByRole("list", { name: "API tokens" });

describe("the API tokens page", () => {
  it("shows a new token once, with a copy button, and forgets it when closed", async () => {
    const writeText = vi.fn(async (_text: string) => undefined);
    // jsdom has no clipboard.
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    renderPage();
    await screen.findByText("CI deploy");
    expect(screen.getByText(/VIGIL_TOKEN=vgl_… vigil apply monitors\.yaml/)).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "New token" }));
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Laptop" } });
    fireEvent.change(screen.getByLabelText("Expires"), { target: { value: "30" } });
    const before = Date.now();
    fireEvent.click(screen.getByRole("button", { name: "Create token" }));

    const shown = await screen.findByLabelText<HTMLInputElement>("Token");
    expect(shown.value).toBe(secret);
    expect(screen.getByText(/you won't see it again/)).toBeTruthy();
    const create = requests.find((r) => r.method === "POST");
    expect(create?.body).toMatchObject({ name: "Laptop" });
    const expiresAt = Date.parse((create?.body as { expiresAt?: string } | undefined)?.expiresAt ?? "");
    expect(expiresAt - before).toBeGreaterThanOrEqual(30 * 86_400_000);
    expect(expiresAt - before).toBeLessThan(30 * 86_400_000 + 60_000);
    // The list shows the new token by its prefix, never its secret.
    await waitFor(() => expect(within(tokenList()).getByText("Laptop")).toBeTruthy());
    expect(tokenList().textContent).not.toContain(secret);

    fireEvent.click(screen.getByRole("button", { name: "Copy" }));
    await screen.findByRole("button", { name: "Copied" });
    expect(writeText).toHaveBeenCalledWith(secret);

    fireEvent.click(screen.getByRole("button", { name: "I have copied it" }));
    expect(screen.queryByLabelText("Token")).toBeNull();
    expect(document.body.innerHTML).not.toContain(secret);
  });

  it("sends no expiresAt for a token that never expires", async () => {
    renderPage();
    await screen.findByText("CI deploy");
    fireEvent.click(screen.getByRole("button", { name: "New token" }));
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Laptop" } });
    fireEvent.change(screen.getByLabelText("Expires"), { target: { value: "never" } });
    fireEvent.click(screen.getByRole("button", { name: "Create token" }));
    await screen.findByLabelText("Token");
    expect(requests.find((r) => r.method === "POST")?.body).toEqual({ name: "Laptop" });
  });

  it("shows the API's 400 beside its field", async () => {
    createAnswer = () =>
      json(
        {
          error: {
            code: "validation_error",
            message: "Invalid body: name: name must not be empty",
            details: [{ in: "body", path: "name", message: "name must not be empty" }],
          },
        },
        400,
      );
    renderPage();
    await screen.findByText("CI deploy");
    fireEvent.click(screen.getByRole("button", { name: "New token" }));
    fireEvent.click(screen.getByRole("button", { name: "Create token" }));
    await screen.findByText("name must not be empty");
    expect(screen.getByLabelText("Name").getAttribute("aria-invalid")).toBe("true");
    expect(screen.queryByLabelText("Token")).toBeNull();
  });

  it("asks before revoking, then deletes with a JSON content type", async () => {
    renderPage();
    await screen.findByText("CI deploy");
    fireEvent.click(within(tokenList()).getByRole("button", { name: "Revoke" }));
    expect(screen.getByText("Revoke CI deploy? Anything using it stops working.")).toBeTruthy();
    expect(requests.some((r) => r.method === "DELETE")).toBe(false);

    // Cancel keeps it; confirming revokes it.
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(requests.some((r) => r.method === "DELETE")).toBe(false);
    fireEvent.click(within(tokenList()).getByRole("button", { name: "Revoke" }));
    fireEvent.click(screen.getByRole("button", { name: "Yes, revoke" }));
    await screen.findByText("No API tokens");
    const revoke = requests.find((r) => r.method === "DELETE");
    expect(revoke?.path).toBe(`/api/tokens/${existing.id}`);
    // The API's CSRF rule: a cookie-authenticated DELETE must be JSON.
    expect(revoke?.headers["content-type"]).toBe("application/json");
  });
});
