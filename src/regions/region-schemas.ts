import { z } from "zod";

export const regionNameField = z
  .string("region must be a string")
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "region names are 1-40 lowercase letters, digits and dashes");

export const regionSchema = z.object({ name: z.string(), createdAt: z.string() });
