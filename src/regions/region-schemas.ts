import { z } from "zod";
import { pushRegion } from "../heartbeats/heartbeat-token.js";

export const regionNameField = z
  .string("region must be a string")
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "region names are 1-40 lowercase letters, digits and dashes");

/** Region names an admin may create or a monitor may name: "push" is the pseudo-region of heartbeat results. */
export const workerRegionNameField = regionNameField.refine(
  (name) => name !== pushRegion,
  `"${pushRegion}" is reserved for heartbeat monitors' results`,
);

export const regionSchema = z.object({ name: z.string(), createdAt: z.string() });
