import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { matchTotpStep, newTotpSecret, totpUrl } from "./totp.js";

const codeAt = (secret: string, timestamp: number) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp });

describe("TOTP (RFC 6238)", () => {
  const now = Date.UTC(2030, 0, 1, 12, 0, 10);
  const step = Math.floor(now / 30_000);

  it("matches the RFC 6238 SHA-1 test vector", () => {
    // RFC 6238 appendix B: secret "12345678901234567890", T = 59 s gives 94287082 (8 digits); 6 digits: 287082.
    const secret = Secret.fromLatin1("12345678901234567890").base32;
    expect(matchTotpStep(secret, "287082", 59_000)).toBe(1);
  });

  it("names the step of a code from now or one step either side, and nothing further", () => {
    const secret = newTotpSecret();
    expect(matchTotpStep(secret, codeAt(secret, now), now)).toBe(step);
    expect(matchTotpStep(secret, codeAt(secret, now - 30_000), now)).toBe(step - 1);
    expect(matchTotpStep(secret, codeAt(secret, now + 30_000), now)).toBe(step + 1);
    expect(matchTotpStep(secret, codeAt(secret, now - 90_000), now)).toBeUndefined();
    expect(matchTotpStep(secret, codeAt(secret, now + 90_000), now)).toBeUndefined();
  });

  it("ignores spaces and refuses anything but six digits", () => {
    const secret = newTotpSecret();
    const code = codeAt(secret, now);
    expect(matchTotpStep(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now)).toBe(step);
    for (const bad of ["", "12345", "1234567", "abcdef", `${code}0`]) {
      expect(matchTotpStep(secret, bad, now)).toBeUndefined();
    }
  });

  it("makes 160-bit secrets and an otpauth URL authenticator apps read", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const url = new URL(totpUrl(secret, "ada@example.com"));
    expect(url.protocol).toBe("otpauth:");
    expect(url.host).toBe("totp");
    expect(decodeURIComponent(url.pathname)).toBe("/Vigil:ada@example.com");
    expect(url.searchParams.get("secret")).toBe(secret);
    expect(url.searchParams.get("issuer")).toBe("Vigil");
    expect(url.searchParams.get("digits")).toBe("6");
    expect(url.searchParams.get("period")).toBe("30");
  });
});
