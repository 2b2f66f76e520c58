import { z } from "zod";
import { nameField } from "../auth/auth-schemas.js";

export const createApiTokenBody = z.strictObject({
  name: nameField,
  expiresAt: z.iso
    .datetime({
      offset: true,
      error: "expiresAt must be an ISO 8601 date-time with an offset, e.g. 2027-01-31T00:00:00Z",
    })
    .optional(),
});

/** What a token looks like after creation: never the secret or its hash. */
export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});

export const createdApiTokenResponse = z.object({
  /** The plaintext token, shown once. */
  token: z.string(),
  apiToken: apiTokenSchema,
});
