import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ImportError } from "./imported-monitor.js";

// The parts of Gatus's configuration (README "Endpoints", "External Endpoints", "Alerting") the import reads.
const alertSchema = z.looseObject({
  type: z.string().optional(),
  enabled: z.boolean().optional(),
  "failure-threshold": z.number().int().optional(),
  "success-threshold": z.number().int().optional(),
});
const common = {
  name: z.string().min(1, "an endpoint needs a name"),
  group: z.string().optional(),
  enabled: z.boolean().optional(),
  alerts: z.array(alertSchema).optional(),
};
export const endpointSchema = z.looseObject({
  ...common,
  url: z.string().min(1, "an endpoint needs a url"),
  method: z.string().optional(),
  interval: z.string().optional(),
  headers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  body: z.string().optional(),
  graphql: z.boolean().optional(),
  conditions: z.array(z.string()).optional(),
  dns: z.looseObject({ "query-name": z.string(), "query-type": z.string() }).optional(),
  client: z
    .looseObject({
      insecure: z.boolean().optional(),
      "ignore-redirect": z.boolean().optional(),
      timeout: z.string().optional(),
    })
    .optional(),
});
export type GatusEndpoint = z.infer<typeof endpointSchema>;
export const externalSchema = z.looseObject({
  ...common,
  heartbeat: z.looseObject({ interval: z.string().optional() }).optional(),
});
export type GatusAlert = z.infer<typeof alertSchema>;
export type GatusExternalEndpoint = z.infer<typeof externalSchema>;

/** Gatus's YAML, parsed; convertGatus judges its shape. */
export function readGatusConfig(text: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    throw new ImportError(`not a Gatus configuration: ${error.message}`);
  }
}
