// Delivers a follow-up step's message or survey when it is due, on the customer's channel: the first of their
// preferred channels that can reach them (email, or WhatsApp: a text inside the 24-hour window, the step's approved
// template outside it). When no channel reaches them, the owner gets a task to do it by hand: nothing is dropped.
import type { SequenceStep } from '@atiende/contract';
import { tenant } from '../../db/tenant.js';
import { mailable, mailingWayOut } from '../contacts/index.js';
import type { AppContext } from '../../platform/context.js';
import { loadWorkspaceSettings } from '../../platform/workspaces/service.js';
import { GraphError, sendMessage } from '../channels/index.js';
import { planWhatsappMessage } from '../channels/index.js';
import { inboxSettings } from '../channels/index.js';
import { sendSurvey } from '../surveys/index.js';
import { createTask } from '../tasks/index.js';
import { fill } from './service.js';

declare module '../../platform/jobs.js' {
  interface JobPayloads {
    'followup.deliver': { workspaceId: string; actionId: string };
  }
}

const system = { type: 'system' as const, id: null };

export function registerFollowupJobs(ctx: AppContext): void {
  ctx.jobs.register('followup.deliver', async (payload, job) => {
    const { workspaceId, actionId } = payload;
    const t = tenant(ctx.db, workspaceId);
    const action = await t
      .selectFrom('followup_actions')
      .innerJoin('sequence_enrollments as e', 'e.id', 'followup_actions.enrollment_id')
      .innerJoin('sequences', 'sequences.id', 'e.sequence_id')
      .innerJoin('contacts', 'contacts.id', 'e.contact_id')
      .select([
        'followup_actions.id',
        'followup_actions.step_id',
        'followup_actions.result',
        'e.id as enrollmentId',
        'e.owner_id',
        'e.status as enrollmentStatus',
        'sequences.steps',
        'sequences.name as sequenceName',
        'contacts.id as contactId',
        'contacts.name',
        'contacts.email',
        'contacts.phone',
        'contacts.whatsapp_id',
        'contacts.profile',
        'contacts.privacy_blocked_at',
      ])
      .where('followup_actions.id', '=', actionId)
      .executeTakeFirst();
    // Delivered already (a retry after the send), stopped, or the contact is gone: nothing to do.
    if (!action || action.result !== 'queued') return;
    const record = (result: string) =>
      t.updateTable('followup_actions').set({ result }).where('id', '=', actionId).execute();
    if (action.enrollmentStatus === 'stopped' || action.privacy_blocked_at !== null)
      return void (await record('skipped: not active'));
    const step = (JSON.parse(action.steps) as SequenceStep[]).find((s) => s.id === action.step_id);
    if (!step) return void (await record('skipped: step removed'));
    const settings = await loadWorkspaceSettings(ctx, workspaceId);
    let preferences: string[];
    try {
      preferences =
        (JSON.parse(action.profile) as { preferences?: { channels?: string[] } }).preferences?.channels ?? [];
    } catch {
      preferences = [];
    }
    const whatsappTo = action.whatsapp_id ?? action.phone?.replace(/\D/g, '') ?? null;
    // An address that bounced hard is not written to until someone fixes it, nor a person who unsubscribed.
    const reachable = { email: await mailable(t, action.email, action.contactId), whatsapp: Boolean(whatsappTo) };
    const order = step.channel === 'preferred' ? [...preferences, 'email', 'whatsapp'] : [step.channel];
    const channel = order.find((c): c is 'email' | 'whatsapp' => (c === 'email' || c === 'whatsapp') && reachable[c]);
    const handOver = async (why: string) => {
      const taskId = await createTask(t, {
        title: step.title || step.body.slice(0, 80) || action.sequenceName,
        body: `${why}\n\n${fill(step.body, { name: action.name, company: settings.name })}`.trim(),
        contactId: action.contactId,
        assigneeId: action.owner_id,
        dueAt: Date.now(),
        source: { type: 'sequence', id: action.enrollmentId },
        kind: 'task',
      });
      await record(`task:${taskId} (${why})`);
    };
    try {
      if (step.action === 'survey') {
        if (!channel) return void (await handOver('no channel reaches the contact'));
        const sent = await sendSurvey(ctx, workspaceId, system, step.surveyId!, {
          channel,
          contactIds: [action.contactId],
          ...(step.whatsappTemplateId ? { whatsappTemplateId: step.whatsappTemplateId } : {}),
        });
        const skipped = (sent as { skipped?: { reason: string }[] }).skipped ?? [];
        return void (await record(skipped.length ? `survey skipped: ${skipped[0]!.reason}` : `survey:${channel}`));
      }
      const text = fill(step.body, { name: action.name, company: settings.name });
      if (channel === 'email') {
        const way = await mailingWayOut(
          t,
          ctx.config.publicUrl,
          action.contactId,
          settings.name,
          settings.language === 'en' ? 'en' : 'es',
        );
        await ctx.mailer.send({
          to: action.email!,
          subject: fill(step.title || action.sequenceName, { name: action.name, company: settings.name }),
          text: `${text}\n\n${way.footer}`,
          unsubscribeUrl: way.url,
        });
        return void (await record('sent:email'));
      }
      if (channel === 'whatsapp') {
        const plan = await planWhatsappMessage(t, {
          contactId: action.contactId,
          text,
          templateId: step.whatsappTemplateId,
          templateParameter: action.name.split(' ')[0] ?? action.name,
        });
        if ('refused' in plan)
          return void (await handOver(
            plan.refused === 'no_inbox'
              ? 'no WhatsApp inbox'
              : 'outside the WhatsApp 24-hour window without an approved template',
          ));
        await sendMessage(ctx, await inboxSettings(t, plan.inboxId), whatsappTo!, plan.message);
        return void (await record('sent:whatsapp'));
      }
      await handOver('no channel reaches the contact');
    } catch (error) {
      const permanent = error instanceof GraphError && error.permanent;
      if (!permanent && !job.lastAttempt) throw error;
      await handOver(`could not send: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`);
    }
  });
}
