import { z } from "zod";

/** HTTP authentication a check sends. Secrets in it are write-only: the API never returns them. */
export const httpAuthSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("basic"),
    username: z.string("auth.username must be a string").max(256),
    password: z.string("auth.password must be a string").max(1024),
  }),
  z.strictObject({
    type: z.literal("bearer"),
    token: z.string("auth.token must be a string").min(1).max(4096),
  }),
]);
export type HttpAuth = z.infer<typeof httpAuthSchema>;

/** The Authorization header for the auth, or undefined when there is none. */
export function authorizationHeader(auth: HttpAuth | null): string | undefined {
  if (!auth) return undefined;
  if (auth.type === "bearer") return `Bearer ${auth.token}`;
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`;
}
