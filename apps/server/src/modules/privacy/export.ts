// The right of access: everything held about one contact, as a ZIP of readable JSON files with a note on what each is.
import { strToU8, zipSync } from 'fflate';
import { tenant } from '../../db/tenant.js';
import { type Actor, audit, auditOf } from '../../platform/audit.js';
import { fileContents } from '../../platform/storage/files.js';
import type { AppContext } from '../../platform/context.js';
import { loadWorkspaceSettings } from '../../platform/workspaces/service.js';
import { getContact } from '../contacts/index.js';
import { conversationsOfContact } from '../conversations/index.js';
import { incidentsOfContact } from '../incidents/index.js';
import { surveyAnswersOfContact } from '../surveys/index.js';
import { dealsOfContact } from '../deals/index.js';
import { projectsOfContact } from '../projects/index.js';
import { quotesOfContact } from '../quotes/index.js';
import { subscriptionsOfContact } from '../subscriptions/index.js';
import { notesOf } from '../notes/index.js';
import { consentHistory } from '../consent/index.js';
import { listRequests } from './service.js';

const readme = {
  es: (company: string, name: string, at: string) => `Datos personales de ${name} en poder de ${company}
Generado el ${at} (UTC) en respuesta al derecho de acceso (LFPDPPP).

contact.json            datos de contacto y perfil (datos de contacto, transaccionales, psicográficos, preferencias, requisitos de servicio, campos personalizados, etiquetas, empresas)
conversations.json      conversaciones y mensajes por cada canal, incluidas las notas internas del equipo
notes.json              notas del equipo sobre la persona
incidents.json          incidencias que reportó: el problema, su causa, su actitud y los pasos que se siguieron
surveys.json            sus respuestas a encuestas de satisfacción
deals.json              oportunidades de venta: qué se le ofreció, por cuánto y cómo terminó
projects.json           proyectos y órdenes de trabajo de los que es cliente o participante, y lo que escribió en ellos
quotes.json             cotizaciones que se le enviaron y su respuesta
consents.json           consentimientos otorgados y revocados por finalidad, canal y versión del aviso de privacidad
privacy-requests.json   solicitudes ARCO y sus respuestas
history.json            registro de cambios al expediente (quién, qué y cuándo)
files/                  archivos que envió o recibió (fotos, documentos, audios)
`,
  en: (company: string, name: string, at: string) => `Personal data of ${name} held by ${company}
Generated on ${at} (UTC) in answer to the right of access (LFPDPPP).

contact.json            contact data and profile (contact data, transactional, psychographics, preferences, service requirements, custom fields, tags, companies)
conversations.json      conversations and messages on every channel, including the team's internal notes
notes.json              the team's notes about the person
incidents.json          incidents they reported: the problem, its cause, their attitude and the steps taken
surveys.json            their answers to satisfaction surveys
deals.json              sales deals: what was offered to them, for how much and how it ended
projects.json           projects and work orders they are the customer of or take part in, and what they wrote on them
quotes.json             quotes sent to them and their answer
consents.json           consents given and withdrawn, by purpose, channel and privacy notice version
privacy-requests.json   ARCO requests and their answers
history.json            log of changes to the record (who, what and when)
files/                  files they sent or received (photos, documents, audio)
`,
};

export async function exportContactZip(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  contactId: string,
): Promise<{ fileName: string; zip: Uint8Array }> {
  const t = tenant(ctx.db, workspaceId);
  const contact = await getContact(ctx, workspaceId, contactId, { includeBlocked: true });
  const [
    settings,
    conversations,
    notes,
    consents,
    requests,
    history,
    incidents,
    surveys,
    deals,
    projects,
    quotes,
    subscriptions,
  ] = await Promise.all([
    loadWorkspaceSettings(ctx, workspaceId),
    conversationsOfContact(t, contactId),
    notesOf(t, 'contact', contactId),
    consentHistory(t, contactId),
    listRequests(ctx, workspaceId, { status: 'all', contactId }),
    auditOf(t, { type: 'contact', id: contactId }),
    incidentsOfContact(t, contactId),
    surveyAnswersOfContact(t, contactId),
    dealsOfContact(t, contactId),
    projectsOfContact(t, contactId),
    quotesOfContact(ctx, t, contactId),
    subscriptionsOfContact(t, contactId),
  ]);
  const files = await fileContents(
    t,
    conversations.flatMap((c) => c.messages.map((m) => m.id)),
  );
  const json = (value: unknown) => strToU8(`${JSON.stringify(value, null, 2)}\n`);
  const now = new Date().toISOString();
  const zip = zipSync({
    'LEEME-README.txt': strToU8(readme[settings.language](settings.name, contact.name, now)),
    'contact.json': json(contact),
    'conversations.json': json(conversations),
    'notes.json': json(notes),
    'incidents.json': json(incidents),
    'surveys.json': json(surveys),
    'deals.json': json(deals),
    'projects.json': json(projects),
    'quotes.json': json(quotes),
    'subscriptions.json': json(subscriptions),
    'consents.json': json(consents),
    'privacy-requests.json': json(requests),
    'history.json': json(history),
    ...Object.fromEntries(files.map((f) => [`files/${f.id}-${f.name}`, f.data])),
  });
  await audit(
    t,
    actor,
    'privacy.contact_exported',
    { type: 'contact', id: contactId },
    { conversations: conversations.length },
  );
  const slug =
    contact.name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'contacto';
  return { fileName: `${slug}-${now.slice(0, 10)}.zip`, zip };
}
