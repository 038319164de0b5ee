// The demo's projects: the won subscriptions being implemented (set-up, data migration, training), one per deal, at
// every status from quoted to invoiced, with tasks on the working-day calendar, time worked (some paused for a
// setback), a document in two versions and public comments. Made through the projects service, as a real workspace.
import { tenant } from '../../db/tenant.js';
import type { AppContext } from '../../platform/context.js';
import { addDocumentVersion } from '../projects/index.js';
import { addComment, addProjectTask, createProject, updateProject, updateProjectTask } from '../projects/index.js';
import { logTime } from '../projects/index.js';

const system = { type: 'system' as const, id: null };
const plan = [
  ['Configurar timbrado y certificados', 1, 120],
  ['Migrar catálogo de clientes y productos', 3, 480],
  ['Capacitación al equipo de facturación', 2, 240],
  ['Primera factura en producción', 1, 60],
] as const;
const statuses = ['quoted', 'in_progress', 'in_progress', 'delivered', 'invoiced'] as const;

const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export async function seedProjects(ctx: AppContext, workspaceId: string, agentIds: string[]): Promise<void> {
  const won = await tenant(ctx.db, workspaceId)
    .selectFrom('deals')
    .select('id')
    .where('status', '=', 'won')
    .orderBy('won_at')
    .limit(statuses.length)
    .execute();
  for (const [i, deal] of won.entries()) {
    const status = statuses[i]!;
    const agent = agentIds[i % Math.max(agentIds.length, 1)];
    let project = await createProject(ctx, workspaceId, system, {
      dealId: deal.id,
      kind: 'project',
      status: 'quoted',
      startDate: dayOffset(-20 + i * 4),
    });
    let start = -20 + i * 4;
    for (const [title, days, minutes] of plan) {
      project = await addProjectTask(ctx, workspaceId, system, project.id, {
        title,
        assigneeId: agent ?? null,
        startDate: dayOffset(start),
        workingDays: days,
        estimateMinutes: minutes,
      });
      start += days + 1;
    }
    if (status === 'quoted') continue;
    const done = status === 'in_progress' ? 2 : plan.length;
    for (const task of project.tasks.slice(0, done)) {
      if (agent) {
        const worker = { type: 'user' as const, id: agent };
        const worked = Math.round((task.estimateMinutes ?? 60) * (0.8 + ((i + done) % 5) * 0.15));
        await logTime(ctx, workspaceId, worker, project.id, {
          taskId: task.id,
          startedAt: new Date(Date.now() - (10 - i) * 86_400_000).toISOString(),
          minutes: Math.min(worked, 1440),
          note: '',
        });
      }
      project = await updateProjectTask(ctx, workspaceId, system, project.id, task.id, { status: 'done' });
    }
    await tenant(ctx.db, workspaceId).transaction(async (t) => {
      const first = await addDocumentVersion(t, project.id, {
        name: 'plan-de-implementacion.pdf',
        contentType: 'application/pdf',
        data: Buffer.from('%PDF-1.4\n% Plan de implementación (demo)\n'),
        userId: agent ?? null,
      });
      await addDocumentVersion(t, project.id, {
        documentId: first.documentId,
        name: 'plan-de-implementacion-v2.pdf',
        contentType: 'application/pdf',
        data: Buffer.from('%PDF-1.4\n% Plan de implementación, fechas ajustadas (demo)\n'),
        note: 'Fechas ajustadas con el cliente',
        userId: agent ?? null,
      });
    });
    await addComment(ctx, workspaceId, system, project.id, {
      body: 'Quedó configurado el certificado de sello digital; seguimos con el catálogo.',
      public: true,
    });
    project = await updateProject(ctx, workspaceId, system, project.id, {
      version: project.version,
      status: 'in_progress',
    });
    if (status === 'delivered' || status === 'invoiced')
      project = await updateProject(ctx, workspaceId, system, project.id, {
        version: project.version,
        status: 'delivered',
      });
    if (status === 'invoiced')
      await updateProject(ctx, workspaceId, system, project.id, { version: project.version, status: 'invoiced' });
  }
}
