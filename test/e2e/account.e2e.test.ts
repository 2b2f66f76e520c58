import { Secret, TOTP } from "otpauth";
import type { Browser, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { resetTokenIn } from "../helpers/mail-text.js";
import { type SmtpSink, startSmtpSink } from "../helpers/smtp-sink.js";
import { closedPort } from "../helpers/target-server.js";
import { waitFor } from "../helpers/wait-for.js";
import { chromiumMissing, collectPageErrors, launchBrowser, screenshot } from "./helpers/browser.js";
import { startVigil } from "./helpers/vigil.js";

let base: string;
let sink: SmtpSink;
let browser: Browser;

beforeAll(async () => {
  sink = await startSmtpSink();
  // Reset links are built from PUBLIC_URL, so the port is chosen before Vigil starts.
  const port = await closedPort();
  ({ url: base } = await startVigil({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SMTP_HOST: sink.host,
    SMTP_PORT: String(sink.port),
  }));
  browser = await launchBrowser();
});

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/login$/);
}

describe.skipIf(chromiumMissing())("accounts in the dashboard", () => {
  it("edits the profile, changes and resets the password, and signs in with two-factor authentication", async () => {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const email = "linus@example.com";

    await page.goto("/signup");
    await page.getByLabel("Name", { exact: true }).fill("Linus");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill("first password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("No monitors yet").waitFor();

    // Profile and password.
    await page.getByRole("link", { name: "Linus" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Linus T.");
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByText("Profile saved.").waitFor();
    await page.getByRole("link", { name: "Linus T." }).waitFor();
    await page.getByLabel("Current password").fill("wrong password");
    await page.getByLabel("New password").fill("second password");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.locator(".banner-error, .field-error").first().waitFor();
    await page.getByLabel("Current password").fill("first password");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("Password changed.").waitFor();

    // Forgotten: the emailed link leads to the reset page.
    await signOut(page);
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await page.getByText("a message with a reset link is on its way").waitFor();
    const mail = await waitFor(() => sink.mails.find((m) => m.to.includes(email)), {
      timeoutMs: 15_000,
      message: "the reset mail",
    });
    await page.goto(`/reset-password?token=${resetTokenIn(mail.raw)}`);
    await page.getByLabel("New password").fill("third password");
    await page.getByRole("button", { name: "Set password" }).click();
    await page.getByText("Your password is changed.").waitFor();
    await page.getByRole("link", { name: "Sign in", exact: true }).click();
    await signIn(page, email, "third password");
    await page.getByText("No monitors yet").waitFor();

    // Two-factor authentication: the key shown on the page feeds an authenticator (here, otpauth).
    await page.goto("/account");
    await page.getByRole("button", { name: "Set up an authenticator app" }).click();
    const secret = ((await page.locator(".totp-secret").textContent()) ?? "").trim();
    const at = Date.now();
    const code = (step: number) =>
      TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at + step * 30_000 });
    await page.getByLabel("Code", { exact: true }).first().fill(code(0));
    await page.getByRole("button", { name: "Turn on" }).click();
    await page.getByText("Two-factor authentication is on").waitFor();
    await screenshot(page, "account");

    await signOut(page);
    await signIn(page, email, "third password");
    // The server accepts one step either side of now; the current step's code was used to turn it on.
    await page.getByLabel("Authentication code").fill(code(1));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("No monitors yet").waitFor();
    expect(errors.filter((e) => !/status of 40[03]/.test(e))).toEqual([]);
    await context.close();
  });
});
