// Routes of contact imports. The file is sent as the request body (text/csv or text/vcard), up to 30 MB.
import {
  IdParams,
  ImportMapping,
  ImportOptions,
  ImportPreview,
  ImportStatus,
  ImportUpload,
  Ok,
} from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { deleteMapping, listMappings } from './mappings.js';
import * as imports from './service.js';
import { fileResponse } from '../../platform/openapi.js';

const FILE_LIMIT = 30 * 1024 * 1024;

export async function importRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      ['text/csv', 'text/vcard', 'text/x-vcard', 'text/plain'],
      { parseAs: 'string', bodyLimit: FILE_LIMIT },
      (_request, body, done) => done(null, body),
    );
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const tags = ['imports'];
    r.post(
      '/api/imports',
      {
        bodyLimit: FILE_LIMIT,
        schema: {
          tags,
          summary:
            'Upload a CSV or vCard file (raw body; file name in X-File-Name); returns columns, a sample and a suggested mapping (agent)',
          // The file itself is the body, as it is: a CSV or a vCard.
          consumes: ['text/csv', 'text/vcard', 'text/x-vcard', 'text/plain'],
          body: z.string().min(1).describe('The file (UTF-8); its name URI-encoded in X-File-Name'),
          response: { 201: ImportUpload },
        },
      },
      async (request, reply) => {
        const auth = authorize(request, 'agent');
        const header = request.headers['x-file-name'];
        const fileName = (typeof header === 'string' ? decodeURIComponent(header) : 'contactos.csv').slice(0, 200);
        const format = imports.detectFormat(fileName, request.headers['content-type'], request.body);
        return reply.status(201).send(
          await imports.uploadImport(ctx, auth.workspaceId, actorOf(auth), {
            fileName,
            format,
            content: request.body,
          }),
        );
      },
    );
    r.get(
      '/api/import-mappings',
      {
        schema: {
          tags,
          summary: 'Saved column mappings: a file with the same columns is mapped the same way',
          response: { 200: z.array(ImportMapping) },
        },
      },
      async (request) => listMappings(ctx, authorize(request).workspaceId),
    );
    r.delete(
      '/api/import-mappings/:id',
      { schema: { tags, summary: 'Forget a saved mapping (agent)', params: IdParams, response: { 200: Ok } } },
      async (request) => {
        const auth = authorize(request, 'agent');
        await deleteMapping(ctx, auth.workspaceId, request.params.id);
        return { ok: true as const };
      },
    );
    r.get(
      '/api/imports',
      { schema: { tags, summary: 'Recent imports with their progress', response: { 200: z.array(ImportStatus) } } },
      async (request) => imports.listImports(ctx, authorize(request, 'agent').workspaceId),
    );
    r.post(
      '/api/imports/:id/preview',
      {
        schema: {
          tags,
          summary:
            'Dry run: what each row would become (new, update, duplicate, invalid with the reason); writes nothing',
          params: IdParams,
          body: ImportOptions,
          response: { 200: ImportPreview },
        },
      },
      async (request) =>
        imports.previewImport(ctx, authorize(request, 'agent').workspaceId, request.params.id, request.body),
    );
    r.post(
      '/api/imports/:id/start',
      {
        schema: {
          tags,
          summary: 'Run the import in the background; follow it with GET /api/imports/{id}',
          params: IdParams,
          body: ImportOptions,
          response: { 202: ImportStatus },
        },
      },
      async (request, reply) =>
        reply
          .status(202)
          .send(
            await imports.startImport(ctx, authorize(request, 'agent').workspaceId, request.params.id, request.body),
          ),
    );
    r.get(
      '/api/imports/:id',
      {
        schema: {
          tags,
          summary: 'Progress and totals of an import',
          params: IdParams,
          response: { 200: ImportStatus },
        },
      },
      async (request) => imports.importStatus(ctx, authorize(request, 'agent').workspaceId, request.params.id),
    );
    r.get(
      '/api/imports/:id/rejected.csv',
      {
        schema: {
          response: fileResponse('text/csv', 'Line, reason and the row as it was'),
          tags,
          summary: 'The rows the import did not take, with the reason, as CSV',
          params: IdParams,
        },
      },
      async (request, reply) => {
        const csv = await imports.rejectedCsv(ctx, authorize(request, 'agent').workspaceId, request.params.id);
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="rechazados-${request.params.id}.csv"`)
          .send(`\uFEFF${csv}`);
      },
    );
  });
}
