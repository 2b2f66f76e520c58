import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes in base64url (43 characters): a secret for a link or an API token. */
export const newRandomToken = (): string => randomBytes(32).toString("base64url");

/**
 * SHA-256, hex: how a random token is stored. It has 256 random bits, so a fast hash is enough and a lookup stays
 * one indexed read; a leaked table gives away no working token.
 */
export const hashRandomToken = (token: string): string => createHash("sha256").update(token).digest("hex");
