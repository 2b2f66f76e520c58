import { z } from "zod";

/** Milliseconds of each phase of a check; null where the phase did not happen (no DNS for an IP, no TLS on http). */
export const checkTimingsSchema = z.object({
  dnsMs: z.number().nullable(),
  connectMs: z.number().nullable(),
  tlsMs: z.number().nullable(),
  firstByteMs: z.number().nullable(),
  totalMs: z.number(),
});
export type CheckTimings = z.infer<typeof checkTimingsSchema>;
