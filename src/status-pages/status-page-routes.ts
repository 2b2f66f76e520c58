import { z } from "zod";
import type { AuthService } from "../auth/auth-service.js";
import { caller, requireAuth } from "../auth/request-auth.js";
import { errorResponse, idParams, page } from "../http/common-schemas.js";
import type { App } from "../http/types.js";
import {
  addPageIncidentUpdateBody,
  createPageIncidentBody,
  listPageIncidentsQuery,
  pageIncidentParams,
  pageIncidentSchema,
} from "./page-incident-schemas.js";
import type { PageIncidentService } from "./page-incident-service.js";
import {
  createStatusPageBody,
  listStatusPagesQuery,
  statusPageSchema,
  updateStatusPageBody,
} from "./status-page-schemas.js";
import type { StatusPageService } from "./status-page-service.js";

export function registerStatusPageRoutes(
  app: App,
  { auth, pages, incidents }: { auth: AuthService; pages: StatusPageService; incidents: PageIncidentService },
) {
  const onRequest = requireAuth(auth);
  const tags = ["status pages"];
  const path = "/api/status-pages";
  const notFound = { 404: errorResponse };

  app.post(
    path,
    {
      onRequest,
      schema: {
        tags,
        body: createStatusPageBody,
        response: { 201: statusPageSchema, 400: errorResponse, 409: errorResponse },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await pages.create(caller(request).user.id, request.body)),
  );

  app.get(
    path,
    {
      onRequest,
      schema: { tags, querystring: listStatusPagesQuery, response: { 200: page(statusPageSchema) } },
    },
    async (request) => pages.list(caller(request).user.id, request.query),
  );

  app.get(
    `${path}/:id`,
    { onRequest, schema: { tags, params: idParams, response: { 200: statusPageSchema, ...notFound } } },
    async (request) => pages.get(caller(request).user.id, request.params.id),
  );

  app.put(
    `${path}/:id`,
    {
      onRequest,
      schema: {
        tags,
        params: idParams,
        body: updateStatusPageBody,
        response: { 200: statusPageSchema, 400: errorResponse, 409: errorResponse, ...notFound },
      },
    },
    async (request) => pages.update(caller(request).user.id, request.params.id, request.body),
  );

  app.delete(
    `${path}/:id`,
    { onRequest, schema: { tags, params: idParams, response: { 204: z.null(), ...notFound } } },
    async (request, reply) => {
      await pages.remove(caller(request).user.id, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    `${path}/:id/domain/verify`,
    {
      onRequest,
      schema: {
        tags,
        description:
          "Looks up the TXT record domainVerification.record and, when one of its records is " +
          "domainVerification.value, marks the custom domain verified: the page is then served at its root. " +
          "400 when the record is missing or holds another value; 409 without a custom domain.",
        params: idParams,
        response: {
          200: statusPageSchema,
          400: errorResponse,
          409: errorResponse,
          503: errorResponse,
          ...notFound,
        },
      },
    },
    async (request) => pages.verifyDomain(caller(request).user.id, request.params.id),
  );

  app.post(
    `${path}/:id/incidents`,
    {
      onRequest,
      schema: {
        tags,
        params: idParams,
        body: createPageIncidentBody,
        response: { 201: pageIncidentSchema, 400: errorResponse, ...notFound },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await incidents.create(caller(request).user.id, request.params.id, request.body)),
  );

  app.get(
    `${path}/:id/incidents`,
    {
      onRequest,
      schema: {
        tags,
        params: idParams,
        querystring: listPageIncidentsQuery,
        response: { 200: page(pageIncidentSchema), 400: errorResponse, ...notFound },
      },
    },
    async (request) => incidents.list(caller(request).user.id, request.params.id, request.query),
  );

  app.post(
    `${path}/:id/incidents/:incidentId/updates`,
    {
      onRequest,
      schema: {
        tags,
        params: pageIncidentParams,
        body: addPageIncidentUpdateBody,
        response: { 201: pageIncidentSchema, 400: errorResponse, ...notFound },
      },
    },
    async (request, reply) => {
      const { id, incidentId } = request.params;
      return reply
        .status(201)
        .send(await incidents.addUpdate(caller(request).user.id, id, incidentId, request.body));
    },
  );

  app.delete(
    `${path}/:id/incidents/:incidentId`,
    { onRequest, schema: { tags, params: pageIncidentParams, response: { 204: z.null(), ...notFound } } },
    async (request, reply) => {
      const { id, incidentId } = request.params;
      await incidents.remove(caller(request).user.id, id, incidentId);
      return reply.status(204).send(null);
    },
  );
}
