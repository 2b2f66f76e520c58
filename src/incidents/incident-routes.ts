import type { AuthService } from "../auth/auth-service.js";
import { caller, requireAuth } from "../auth/request-auth.js";
import { errorResponse, idParams, page } from "../http/common-schemas.js";
import type { App } from "../http/types.js";
import { incidentDetailSchema, incidentSchema, listIncidentsQuery } from "./incident-schemas.js";
import type { IncidentService } from "./incident-service.js";

export function registerIncidentRoutes(
  app: App,
  { auth, incidents }: { auth: AuthService; incidents: IncidentService },
) {
  const onRequest = requireAuth(auth);
  const tags = ["incidents"];

  app.get(
    "/api/incidents",
    {
      onRequest,
      schema: {
        tags,
        querystring: listIncidentsQuery,
        response: { 200: page(incidentSchema), 400: errorResponse },
      },
    },
    async (request) => incidents.list(caller(request).user.id, request.query),
  );

  app.get(
    "/api/incidents/:id",
    {
      onRequest,
      schema: { tags, params: idParams, response: { 200: incidentDetailSchema, 404: errorResponse } },
    },
    async (request) => incidents.get(caller(request).user.id, request.params.id),
  );

  app.post(
    "/api/incidents/:id/acknowledge",
    {
      onRequest,
      schema: {
        tags,
        params: idParams,
        response: { 200: incidentDetailSchema, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request) => incidents.acknowledge(caller(request).user.id, request.params.id),
  );
}
