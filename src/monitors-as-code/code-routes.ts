import type { ZodTypeProvider } from "fastify-type-provider-zod";
import YAML from "yaml";
import type { AuthService } from "../auth/auth-service.js";
import { caller, requireAuth } from "../auth/request-auth.js";
import { errorResponse } from "../http/common-schemas.js";
import { AppError } from "../http/errors.js";
import type { App } from "../http/types.js";
import { bulkBodyLimit } from "../monitors/monitor-bulk-routes.js";
import type { MonitorCodeService } from "./apply-service.js";
import { applyQuery, applyResultSchema, exportQuery, placeholderCountHeader } from "./code-schemas.js";
import { monitorDocumentJsonSchema, monitorDocumentSchema } from "./document-schema.js";

/** Media types apply reads as YAML; JSON goes through the app's own parser. */
const yamlMediaTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"];

function parseYaml(text: string): unknown {
  try {
    // YAML 1.2 core schema: `yes`/`on` stay strings; repeated keys and alias bombs are refused by the parser.
    return YAML.parse(text, { maxAliasCount: 100 });
  } catch (err) {
    throw new AppError("bad_request", `Body is not valid YAML: ${err instanceof Error ? err.message : err}`);
  }
}

/**
 * Monitors as code: apply a document (JSON or YAML), export one, and the document's JSON Schema for editors. The
 * YAML parser is registered in this plugin's scope only: every other route still takes JSON alone.
 */
export function registerMonitorCodeRoutes(
  app: App,
  { auth, code }: { auth: AuthService; code: MonitorCodeService },
) {
  const onRequest = requireAuth(auth);
  const tags = ["monitors as code"];

  let jsonSchema: Record<string, unknown> | undefined;
  app.get("/api/schema/monitors.json", { schema: { tags } }, async (_request, reply) => {
    jsonSchema ??= monitorDocumentJsonSchema();
    return reply.type("application/json; charset=utf-8").send(jsonSchema);
  });

  app.get(
    "/api/monitor/export",
    // No response schema: the body is the document's text, YAML or JSON, as asked.
    { onRequest, schema: { tags, querystring: exportQuery } },
    async (request, reply) => {
      const { format, tag } = request.query;
      const exported = await code.export(caller(request).user.id, tag, format);
      return reply
        .type(format === "json" ? "application/json; charset=utf-8" : "application/yaml; charset=utf-8")
        .header(placeholderCountHeader, String(exported.placeholders))
        .send(exported.text);
    },
  );

  app.register(async (instance) => {
    const scope = instance.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser(
      yamlMediaTypes,
      { parseAs: "string", bodyLimit: bulkBodyLimit },
      (_request, body, done) => {
        try {
          done(null, parseYaml(String(body)));
        } catch (err) {
          done(err as AppError, undefined);
        }
      },
    );
    scope.post(
      "/api/monitor/apply",
      {
        onRequest,
        bodyLimit: bulkBodyLimit,
        schema: {
          tags,
          querystring: applyQuery,
          body: monitorDocumentSchema,
          response: { 200: applyResultSchema, 400: errorResponse },
        },
      },
      async (request) => code.apply(caller(request).user.id, request.body, request.query),
    );
  });
}
