import { describe, expect, it } from "vitest";
import { createSecretBox, SecretBoxError } from "./secret-box.js";

const key = "k".repeat(40);

/** Flips one bit of the base64url part at `index` of a sealed value. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split(":");
  const bytes = Buffer.from(parts[index] ?? "", "base64url");
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  parts[index] = bytes.toString("base64url");
  return parts.join(":");
}

describe("secret box", () => {
  it("round-trips text, including non-ASCII, as v1:<iv>:<tag>:<ciphertext> in base64url", () => {
    const box = createSecretBox(key);
    const plaintext = JSON.stringify({ botToken: "123:abc", note: "héllo ✓" });
    const sealed = box.seal(plaintext);
    expect(sealed).toMatch(/^v1:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(sealed).not.toContain("123:abc");
    expect(box.open(sealed)).toBe(plaintext);
  });

  it("uses a fresh IV each time, so equal secrets do not look equal at rest", () => {
    const box = createSecretBox(key);
    expect(box.seal("same")).not.toBe(box.seal("same"));
  });

  it.each([
    ["the IV", 1],
    ["the tag", 2],
    ["the ciphertext", 3],
  ])("rejects a value whose %s was changed", (_, index) => {
    const box = createSecretBox(key);
    const sealed = box.seal("webhook-secret");
    expect(() => box.open(tamper(sealed, index))).toThrow(SecretBoxError);
  });

  it("rejects values sealed under another key", () => {
    const sealed = createSecretBox(key).seal("x");
    expect(() => createSecretBox("o".repeat(40)).open(sealed)).toThrow(/ENCRYPTION_KEY changed/);
  });

  it.each(["", "plain text", "v2:a:b:c", "v1:a:b", "v1:AAAA:AAAA:AAAA"])(
    "rejects the malformed value %j",
    (v) => {
      expect(() => createSecretBox(key).open(v)).toThrow(SecretBoxError);
    },
  );

  it("refuses a key shorter than 32 characters", () => {
    expect(() => createSecretBox("short")).toThrow(/32 characters/);
  });
});
