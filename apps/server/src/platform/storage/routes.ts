// Serving stored files to signed-in members of the workspace only, never as something the browser runs.
import { IdParams } from '@atiende/contract';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenant } from '../../db/tenant.js';
import { authorize } from '../auth/context.js';
import type { AppContext } from '../context.js';
import { contentTypeOf, isInline, readFile, uploadName } from './files.js';
import { bytesMatch, checkUploadBytes } from './signatures.js';
import { fileResponse } from '../openapi.js';

/** In this scope the body is the file itself, whatever its type: a .json or .csv file is stored, never parsed. */
export function acceptRawFiles(scope: FastifyInstance, limitBytes: number): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limitBytes }, (_request, body, done) =>
    done(null, body),
  );
  // The API description says so: the request body of an upload is the file, of any type.
  scope.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    if (!route.schema || !methods.some((m) => m === 'POST' || m === 'PUT')) return;
    route.schema.body ??= RawFile;
    route.schema.consumes ??= ['application/octet-stream', '*/*'];
  });
}

/** An uploaded file as the request body (its type in Content-Type, its name URI-encoded in X-File-Name). */
const RawFile = z
  .any()
  .meta({ type: 'string', format: 'binary', description: 'The file; its name URI-encoded in X-File-Name' });

/** The file of an upload request: bytes, its type, and the name from X-File-Name. */
export function uploadOf(request: FastifyRequest): { name: string; contentType: string | undefined; data: Buffer } {
  const upload = {
    name: uploadName(request.headers['x-file-name']),
    contentType: request.headers['content-type'],
    data: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
  };
  // Whoever uploads (a member, a website visitor), the bytes must be what the file claims to be.
  checkUploadBytes(contentTypeOf(upload.contentType), upload.data);
  return upload;
}

export function fileRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/files/:id',
    {
      schema: {
        response: fileResponse('application/octet-stream', 'The file, with its own type'),
        tags: ['files'],
        summary: 'A stored file (attachment, channel media) of the workspace',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const auth = authorize(request);
      return sendFile(reply, await readFile(tenant(ctx.db, auth.workspaceId), request.params.id));
    },
  );
}

/** A stored file as a download, or inline for the few harmless types, never as something the browser runs. */
export function sendFile(reply: FastifyReply, file: { name: string; content_type: string; data: Buffer }) {
  // Shown inline only when the type is harmless and the bytes really are of that type.
  const inline = isInline(file.content_type) && bytesMatch(file.content_type, file.data);
  const encoded = encodeURIComponent(file.name);
  return reply
    .header('content-type', inline ? file.content_type : 'application/octet-stream')
    .header(
      'content-disposition',
      `${inline ? 'inline' : 'attachment'}; filename="${encoded}"; filename*=UTF-8''${encoded}`,
    )
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, max-age=3600')
    .send(file.data);
}
