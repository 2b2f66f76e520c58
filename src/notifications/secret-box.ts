import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Encrypts channel secrets at rest: AES-256-GCM under a key derived from ENCRYPTION_KEY with HKDF-SHA256, a random
 * 12-byte IV per value. Sealed text is `v1:<iv>:<tag>:<ciphertext>`, each part base64url; the version prefix lets
 * a later scheme (or key rotation) tell old values apart. GCM's tag makes any change to the stored text fail open().
 */
export type SecretBox = {
  seal(plaintext: string): string;
  open(sealed: string): string;
};

export class SecretBoxError extends Error {}

const version = "v1";
const ivBytes = 12;
const tagBytes = 16;

export function createSecretBox(configuredKey: string): SecretBox {
  if (configuredKey.length < 32)
    throw new SecretBoxError("The encryption key must be at least 32 characters");
  // HKDF turns any long passphrase into exactly 32 uniform bytes; the info string ties the key to this one use.
  const key = Buffer.from(hkdfSync("sha256", configuredKey, "vigil", "notification-channel-secrets/v1", 32));

  return {
    seal(plaintext) {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString("base64url"));
      return [version, ...parts].join(":");
    },

    open(sealed) {
      const [prefix, iv, tag, ciphertext, ...rest] = sealed.split(":");
      if (
        prefix !== version ||
        iv === undefined ||
        tag === undefined ||
        ciphertext === undefined ||
        rest.length
      ) {
        throw new SecretBoxError("Stored secrets are not in the v1 format");
      }
      const ivBuffer = Buffer.from(iv, "base64url");
      const tagBuffer = Buffer.from(tag, "base64url");
      if (ivBuffer.length !== ivBytes || tagBuffer.length !== tagBytes) {
        throw new SecretBoxError("Stored secrets are not in the v1 format");
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, ivBuffer, { authTagLength: tagBytes });
        decipher.setAuthTag(tagBuffer);
        const plaintext = Buffer.concat([
          decipher.update(Buffer.from(ciphertext, "base64url")),
          decipher.final(),
        ]);
        return plaintext.toString("utf8");
      } catch (err) {
        throw new SecretBoxError(
          "Stored secrets cannot be decrypted: ENCRYPTION_KEY changed or the value was tampered with",
          { cause: err },
        );
      }
    },
  };
}
