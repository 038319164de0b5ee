// Routes of companies: list and search, read, create, edit, and the timeline of their people.
import {
  Company,
  CompanyPage,
  CompanyUpdate,
  CompanyWrite,
  CustomerListQuery,
  IdParams,
  TimelinePage,
  TimelineQuery,
} from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { timeline } from '../contacts/index.js';
import * as companies from './service.js';

export function companyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['companies'];

  r.get(
    '/api/companies',
    {
      schema: {
        tags,
        summary: 'Companies by name, with full-text search (q) and filters',
        querystring: CustomerListQuery,
        response: { 200: CompanyPage },
      },
    },
    async (request) => companies.listCompanies(ctx, authorize(request).workspaceId, request.query),
  );
  r.post(
    '/api/companies',
    { schema: { tags, summary: 'Create a company (agent)', body: CompanyWrite, response: { 201: Company } } },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply.status(201).send(await companies.createCompany(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.get(
    '/api/companies/:id',
    {
      schema: {
        tags,
        summary: 'A company with its profile, business knowledge and people',
        params: IdParams,
        response: { 200: Company },
      },
    },
    async (request) => companies.getCompany(ctx, authorize(request).workspaceId, request.params.id),
  );
  r.patch(
    '/api/companies/:id',
    {
      schema: {
        tags,
        summary: 'Edit a company (agent)',
        params: IdParams,
        body: CompanyUpdate,
        response: { 200: Company },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return companies.updateCompany(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.get(
    '/api/companies/:id/timeline',
    {
      schema: {
        tags,
        summary: "The company's notes and changes and its people's conversations, newest first",
        params: IdParams,
        querystring: TimelineQuery,
        response: { 200: TimelinePage },
      },
    },
    async (request) => timeline(ctx, authorize(request), { type: 'company', id: request.params.id }, request.query),
  );
}
