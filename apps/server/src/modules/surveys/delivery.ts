// Delivers survey invitations when they are due: into the website chat the customer still has open, by email, or by
// WhatsApp (a text inside the 24-hour window, the survey's approved template outside it). The link's token is minted
// here, at the moment it leaves, so it is never stored; a failure is recorded on the invitation for people to see.
import type { SurveyDefinition } from '@atiende/contract';
import { surveyMessages } from '@atiende/contract/i18n';
import { tenant } from '../../db/tenant.js';
import { mailable, mailingWayOut } from '../contacts/index.js';
import type { AppContext } from '../../platform/context.js';
import { hashToken, newId, randomToken } from '../../platform/ids.js';
import { loadWorkspaceSettings } from '../../platform/workspaces/service.js';
import { GraphError, sendMessage } from '../channels/index.js';
import { planWhatsappMessage } from '../channels/index.js';
import { inboxSettings } from '../channels/index.js';
import { loadConversation, loadMessage, publishMessage } from '../conversations/index.js';
import { tallyMessage } from '../conversations/index.js';
import { pick } from './pages.js';
import { surveyRow, surveyUrl } from './service.js';

declare module '../../platform/jobs.js' {
  interface JobPayloads {
    'survey.deliver': { workspaceId: string; invitationId: string; whatsappTemplateId: string | null };
  }
}

class Skip extends Error {}

export function registerSurveyJobs(ctx: AppContext): void {
  ctx.jobs.register('survey.deliver', async (payload, job) => {
    const { workspaceId, invitationId, whatsappTemplateId } = payload;
    const t = tenant(ctx.db, workspaceId);
    const invitation = await t
      .selectFrom('survey_invitations')
      .selectAll()
      .where('id', '=', invitationId)
      .where('status', '=', 'scheduled')
      .executeTakeFirst();
    if (!invitation) return;
    const finish = (status: 'sent' | 'failed' | 'skipped', error: string | null) =>
      t
        .updateTable('survey_invitations')
        .set({ status, error, sent_at: status === 'sent' ? Date.now() : null })
        .where('id', '=', invitationId)
        .where('status', '=', 'scheduled')
        .execute();
    try {
      const survey = await surveyRow(t, invitation.survey_id);
      if (survey?.status !== 'active') throw new Skip('The survey is not active');
      const conversation = invitation.conversation_id
        ? await t
            .selectFrom('conversations')
            .select(['id', 'status', 'inbox_id'])
            .where('id', '=', invitation.conversation_id)
            .executeTakeFirst()
        : undefined;
      if (invitation.conversation_id && conversation?.status !== 'resolved')
        throw new Skip('The conversation was reopened');
      const contact = await t
        .selectFrom('contacts')
        .select(['name', 'email', 'phone', 'whatsapp_id'])
        .where('id', '=', invitation.contact_id!)
        .where('privacy_blocked_at', 'is', null)
        .executeTakeFirst();
      if (!contact) throw new Skip('The contact is no longer reachable');
      const settings = await loadWorkspaceSettings(ctx, workspaceId);
      const language = invitation.language === 'en' ? 'en' : 'es';
      const words = surveyMessages[language];
      const token = randomToken();
      await t
        .updateTable('survey_invitations')
        .set({ token_hash: hashToken(token) })
        .where('id', '=', invitationId)
        .execute();
      const url = surveyUrl(ctx, token);
      const text = words.invitation(
        contact.name,
        settings.name,
        pick((JSON.parse(survey.definition) as SurveyDefinition).title, language),
        url,
      );

      if (invitation.channel === 'webchat' && conversation) {
        const id = newId();
        const message = {
          id,
          conversation_id: conversation.id,
          inbox_id: conversation.inbox_id,
          direction: 'outgoing',
          sender_type: 'system',
          sender_id: null,
          sender_name: settings.name,
          body: text,
          is_private: 0,
          source_id: null,
          kind: 'survey',
          delivery_status: null,
          delivery_error: null,
          metadata: JSON.stringify({ surveyUrl: url }),
          created_at: Date.now(),
        };
        await t.insertInto('messages', message).execute();
        await tallyMessage(t, conversation.id, message);
        publishMessage(ctx, workspaceId, await loadConversation(t, conversation.id), await loadMessage(t, id));
      } else if (invitation.channel === 'email') {
        if (!contact.email) throw new Skip('The contact has no email address');
        if (!(await mailable(t, contact.email, invitation.contact_id)))
          throw new Skip('The email address bounced or the person unsubscribed from automatic mail');
        const way = await mailingWayOut(t, ctx.config.publicUrl, invitation.contact_id!, settings.name, language);
        await ctx.mailer.send({
          to: contact.email,
          subject: words.subject(settings.name),
          text: `${text}\n\n${way.footer}`,
          unsubscribeUrl: way.url,
        });
      } else if (invitation.channel === 'whatsapp') {
        const to = contact.whatsapp_id ?? contact.phone?.replace(/\D/g, '');
        if (!to) throw new Skip('The contact has no WhatsApp number');
        const plan = await planWhatsappMessage(t, {
          contactId: invitation.contact_id!,
          inboxId: conversation?.inbox_id,
          text,
          templateId: whatsappTemplateId,
          templateParameter: url,
        });
        if ('refused' in plan)
          throw new Skip(
            plan.refused === 'no_inbox'
              ? 'No WhatsApp inbox'
              : 'Outside the 24-hour window and the survey has no approved template',
          );
        await sendMessage(ctx, await inboxSettings(t, plan.inboxId), to, plan.message);
      } else throw new Skip(`Cannot deliver by ${invitation.channel}`);
      await finish('sent', null);
    } catch (error) {
      if (error instanceof Skip) return void (await finish('skipped', error.message));
      const permanent = error instanceof GraphError && error.permanent;
      if (!permanent && !job.lastAttempt) throw error;
      await finish('failed', error instanceof Error ? error.message.slice(0, 500) : String(error));
    }
  });
}
