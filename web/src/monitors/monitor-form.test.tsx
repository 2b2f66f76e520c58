import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import type { Monitor } from "../api/types";
import { MonitorForm } from "./monitor-form";
import {
  bodyFromForm,
  changedFields,
  emptyForm,
  formFromMonitor,
  type MonitorForm as MonitorFormState,
} from "./monitor-form-model";

afterEach(cleanup);

/** The message shown for a control: its aria-describedby names the error paragraph. */
function errorOf(control: HTMLElement): string | undefined {
  const ids = control.getAttribute("aria-describedby")?.split(" ") ?? [];
  return ids
    .map((id) => document.getElementById(id))
    .find((el) => el?.classList.contains("field-error"))
    ?.textContent?.trim();
}

const renderForm = (onSubmit: (form: MonitorFormState) => Promise<void>) =>
  render(
    <MonitorForm
      mode="create"
      initial={{ ...emptyForm(["eu", "us"]), assertions: [{ type: "status", ranges: "200-2x" }] }}
      regions={["eu", "us"]}
      channels={[]}
      onSubmit={onSubmit}
    />,
  );

describe("MonitorForm", () => {
  it("shows each problem of the API's 400 beside its field, and the rest at the top", async () => {
    // The shape src/http/error-handler.ts writes for zod issues.
    const onSubmit = vi.fn(async () => {
      throw new ApiError(
        400,
        "validation_error",
        "Invalid body: url: url must be an absolute http:// or https:// URL",
        [
          { in: "body", path: "url", message: "url must be an absolute http:// or https:// URL" },
          { in: "body", path: "assertions.0.ranges", message: '"2x" is not a status code' },
          { in: "body", path: "headers.X Bad", message: 'header names must be HTTP tokens: "X Bad" is not' },
          { in: "body", message: "send at least one field to change" },
        ],
      );
    });
    renderForm(onSubmit);
    fireEvent.click(screen.getByRole("button", { name: "Create monitor" }));

    // The form has answered once the first message shows.
    await screen.findByText("url must be an absolute http:// or https:// URL");
    expect(onSubmit).toHaveBeenCalledOnce();
    expect(errorOf(screen.getByLabelText("URL"))).toBe("url must be an absolute http:// or https:// URL");
    expect(errorOf(screen.getByLabelText("Status codes"))).toBe('"2x" is not a status code');
    expect(screen.getByLabelText("URL").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByLabelText("Name").getAttribute("aria-invalid")).toBe("false");
    expect(screen.getByText('header names must be HTTP tokens: "X Bad" is not')).toBeTruthy();
    expect(screen.getByText("send at least one field to change")).toBeTruthy();
  });

  it("puts a service rule's error (details {path}) on its field", async () => {
    const onSubmit = vi.fn(async () => {
      throw new ApiError(400, "validation_error", "quorum (3) must not exceed the number of regions (2)", {
        path: "quorum",
      });
    });
    renderForm(onSubmit);
    fireEvent.click(screen.getByRole("button", { name: "Create monitor" }));
    const message = "quorum (3) must not exceed the number of regions (2)";
    await screen.findByText(message);
    expect(errorOf(screen.getByLabelText("Quorum (regions)"))).toBe(message);
  });

  it("clears the errors on a successful save", async () => {
    let fail = true;
    const onSubmit = vi.fn(async () => {
      if (fail)
        throw new ApiError(400, "validation_error", "bad", [
          { path: "name", message: "name must not be empty" },
        ]);
    });
    renderForm(onSubmit);
    fireEvent.click(screen.getByRole("button", { name: "Create monitor" }));
    await screen.findByText("name must not be empty");
    fail = false;
    fireEvent.click(screen.getByRole("button", { name: "Create monitor" }));
    await waitFor(() => expect(screen.queryByText("name must not be empty")).toBeNull());
  });

  it("takes comma-separated tags, names a tag the API would refuse, and sends them as a list", async () => {
    const onSubmit = vi.fn(async (_form: MonitorFormState) => undefined);
    renderForm(onSubmit);
    const tags = screen.getByLabelText("Tags (optional)");
    fireEvent.change(tags, { target: { value: "env:prod, team payments" } });
    expect(errorOf(tags)).toBe('Tags may hold only letters, digits and _ . : / - (not "team payments")');
    fireEvent.change(tags, { target: { value: " Team/Payments, env:prod,, env:prod " } });
    expect(errorOf(tags)).toBeUndefined();
    fireEvent.click(screen.getByRole("button", { name: "Create monitor" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledOnce());
    const [form] = onSubmit.mock.calls[0] ?? [];
    expect(form && bodyFromForm(form).tags).toEqual(["env:prod", "team/payments"]);
  });

  it("puts the API's error about one tag under the tags field", async () => {
    renderForm(async () => {
      throw new ApiError(400, "validation_error", "bad", [
        { in: "body", path: "tags.1", message: "a tag must be at most 50 characters" },
      ]);
    });
    fireEvent.click(screen.getByRole("button", { name: "Create monitor" }));
    await screen.findByText("a tag must be at most 50 characters");
    expect(errorOf(screen.getByLabelText("Tags (optional)"))).toBe("a tag must be at most 50 characters");
  });

  it("shows only the fields of the chosen type", () => {
    renderForm(async () => undefined);
    fireEvent.click(screen.getByLabelText("TCP port"));
    expect(screen.getByLabelText("Host")).toBeTruthy();
    expect(screen.queryByLabelText("URL")).toBeNull();
    fireEvent.click(screen.getByLabelText("Heartbeat (push)"));
    expect(screen.getByLabelText("Grace (seconds)")).toBeTruthy();
    expect(screen.queryByLabelText("Timeout (ms)")).toBeNull();
    expect(screen.queryByText("Regions")).toBeNull();
  });
});

describe("the form model", () => {
  it("composes tcp and dns URLs from their own fields", () => {
    const base = emptyForm(["eu"]);
    expect(bodyFromForm({ ...base, type: "tcp", tcpHost: "db.example.com", tcpPort: "5432" }).url).toBe(
      "tcp://db.example.com:5432",
    );
    expect(bodyFromForm({ ...base, type: "tcp", tcpHost: "::1", tcpPort: "22" }).url).toBe("tcp://[::1]:22");
    expect(bodyFromForm({ ...base, type: "dns", dnsName: "example.com", dnsRecordType: "MX" }).url).toBe(
      "dns:example.com?type=MX",
    );
    expect(
      bodyFromForm({
        ...base,
        type: "dns",
        dnsName: "example.com",
        dnsRecordType: "A",
        dnsResolver: "9.9.9.9",
      }).url,
    ).toBe("dns://9.9.9.9/example.com?type=A");
  });

  it("sends a heartbeat monitor no url, regions or HTTP fields", () => {
    const body = bodyFromForm({ ...emptyForm(["eu"]), type: "heartbeat", name: "Backup" });
    expect(body).not.toHaveProperty("url");
    expect(body).not.toHaveProperty("regions");
    expect(body).not.toHaveProperty("method");
    expect(body).toMatchObject({ type: "heartbeat", name: "Backup", graceSeconds: 60 });
  });

  it("sends only changed fields on edit, and masked secrets round-trip untouched", () => {
    const monitor: Monitor = {
      id: "m1",
      name: "API",
      type: "http",
      url: "https://api.example.com",
      method: "GET",
      headers: { Authorization: "********" },
      body: null,
      intervalSeconds: 60,
      timeoutMs: 5000,
      expectedStatus: "200-299",
      regions: ["eu"],
      auth: { type: "bearer", token: "********" },
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
      tags: ["env:prod", "team/api"],
      pingUrl: null,
      paused: false,
      status: "up",
      lastCheckedAt: null,
      certificateExpiresAt: null,
      certificateDaysLeft: null,
      createdAt: "",
      updatedAt: "",
    };
    const original = formFromMonitor(monitor);
    expect(changedFields(original, { ...original, intervalSeconds: "120" })).toEqual({
      intervalSeconds: 120,
    });
    expect(changedFields(original, original)).toEqual({});
    // Tags compare as the API stores them: another spelling or order of the same tags is no change.
    expect(original.tags).toBe("env:prod, team/api");
    expect(changedFields(original, { ...original, tags: "Team/API, env:prod," })).toEqual({});
    expect(changedFields(original, { ...original, tags: "env:prod" })).toEqual({ tags: ["env:prod"] });
  });
});
