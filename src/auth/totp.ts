import { Secret, TOTP } from "otpauth";

// RFC 6238 with the parameters every authenticator app supports: SHA-1, 6 digits, 30-second steps.
const periodSeconds = 30;
const issuer = "Vigil";

const totpFor = (base32Secret: string, label = "") =>
  new TOTP({
    issuer,
    label,
    algorithm: "SHA1",
    digits: 6,
    period: periodSeconds,
    secret: Secret.fromBase32(base32Secret),
  });

/** A new random 160-bit secret, base32 as authenticator apps take it. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The otpauth:// URL an authenticator app reads from a QR code. */
export const totpUrl = (base32Secret: string, accountName: string): string =>
  totpFor(base32Secret, accountName).toString();

/**
 * The time step the code belongs to, or undefined when it matches none. One step either side of now is accepted
 * for clock drift; the caller must still refuse steps already used. Spaces in the code are ignored.
 */
export function matchTotpStep(base32Secret: string, code: string, nowMs: number): number | undefined {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return undefined;
  const totp = totpFor(base32Secret);
  const delta = totp.validate({ token, timestamp: nowMs, window: 1 });
  if (delta === null) return undefined;
  return totp.counter({ timestamp: nowMs }) + delta;
}
