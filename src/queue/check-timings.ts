import { z } from "zod";

/** Milliseconds of each phase of a check; null where the phase did not happen (no DNS for an IP, no TLS on http). */
export const checkTimingsSchema = z.object({
  dnsMs: z.number().nullable(),
  connectMs: z.number().nullable(),
  tlsMs: z.number().nullable(),
  firstByteMs: z.number().nullable(),
  /** Reading the body of the last hop, after its first byte. */
  downloadMs: z.number().nullable().default(null),
  totalMs: z.number(),
});
export type CheckTimings = z.infer<typeof checkTimingsSchema>;

/** The certificate an https target presented (the leaf), with validity as epoch ms. */
export const certificateSchema = z.object({
  issuer: z.string(),
  subject: z.string(),
  validFrom: z.number(),
  validTo: z.number(),
});
export type Certificate = z.infer<typeof certificateSchema>;
