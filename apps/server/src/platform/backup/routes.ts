// The owner downloads a full backup of the workspace from the console or the API.
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { tenant } from '../../db/tenant.js';
import { audit } from '../audit.js';
import { actorOf, authorize } from '../auth/context.js';
import type { AppContext } from '../context.js';
import { writeWorkspaceBackup } from './backup.js';
import { fileResponse } from '../openapi.js';

export function backupRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/workspace/backup',
    {
      schema: {
        response: fileResponse(
          'application/zip',
          'The workspace as a ZIP: one JSON Lines file per table and the stored files',
        ),
        tags: ['workspace'],
        summary:
          'A full backup of the workspace: a ZIP with a manifest and one JSON Lines file per table (owner). Restore with `atiende restore <file>`',
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'owner');
      await audit(tenant(ctx.db, auth.workspaceId), actorOf(auth), 'workspace.backup_downloaded', {
        type: 'workspace',
        id: auth.workspaceId,
      });
      const stream = new PassThrough();
      writeWorkspaceBackup(ctx, auth.workspaceId, stream).catch((err: unknown) => {
        request.log.error({ err }, 'backup failed');
        stream.destroy(err instanceof Error ? err : new Error(String(err)));
      });
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="atiende-backup-${day}.zip"`)
        .send(stream);
    },
  );
}
