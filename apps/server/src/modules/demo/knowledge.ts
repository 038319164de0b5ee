// What the demo workspace knows: customer-service techniques as internal articles, recurring problems and service
// processes, public help-center articles; incidents recorded from its conversations with two problems behind them;
// and a "new support agent" training track built from the articles.
import { articleTemplates } from '@atiende/contract/i18n';
import { tenant } from '../../db/tenant.js';
import type { AppContext } from '../../platform/context.js';
import { createIncident, updateIncident } from '../incidents/index.js';
import { createProblem, updateProblem } from '../incidents/index.js';
import { createArticle, saveKbCategory } from '../knowledge/index.js';
import { saveTrack, assignTrack } from '../training/index.js';
import { seededRandom } from './random.js';

const system = { type: 'system' as const, id: null };

const techniques: { title: string; summary: string; body: string }[] = [
  {
    title: 'Técnica FAB: características, ventajas y beneficios',
    summary: 'Hablar de lo que el cliente gana, no solo de lo que el producto tiene.',
    body: `FAB viene de *Features, Advantages, Benefits*. Sirve al explicar un plan o una función.

1. **Característica**: lo que el producto tiene. «El plan Pyme incluye complementos de pago.»
2. **Ventaja**: lo que eso permite. «Puede registrar pagos en parcialidades sin otro sistema.»
3. **Beneficio**: lo que el cliente gana, en sus palabras. «Su contadora ya no le pedirá los pagos a fin de mes.»

Pregunte antes qué le preocupa al cliente: el beneficio debe responder a eso.`,
  },
  {
    title: 'ELI5: explícalo como a un niño de cinco años',
    summary: 'Explicaciones sin tecnicismos, con ejemplos de la vida diaria.',
    body: `*Explain Like I'm 5*: explicar sin jerga, con frases cortas y un ejemplo cotidiano.

- En lugar de «el CSD expiró y el PAC rechaza el sellado», diga: «la firma digital de sus facturas venció, como una credencial; hay que sacar una nueva en el SAT».
- Una idea por mensaje. En WhatsApp, mensajes cortos.
- Confirme que se entendió: «¿Le queda claro el siguiente paso?»`,
  },
  {
    title: 'HEARD: escuchar, empatizar, disculparse, resolver, diagnosticar',
    summary: 'Cinco pasos para atender a un cliente molesto.',
    body: `1. **Hear (escuchar)**: deje que el cliente cuente todo, sin interrumpir.
2. **Empathize (empatizar)**: «Entiendo lo urgente que es facturar hoy.»
3. **Apologize (disculparse)**: por la experiencia, aunque la causa no sea nuestra.
4. **Resolve (resolver)**: la solución o el siguiente paso con fecha.
5. **Diagnose (diagnosticar)**: registre la incidencia con su causa raíz para que no se repita.

\`\`\`mermaid
flowchart LR
  A[Escuchar] --> B[Empatizar] --> C[Disculparse] --> D[Resolver] --> E[Diagnosticar]
\`\`\``,
  },
  {
    title: 'Siento, sentí, encontré (Feel, Felt, Found)',
    summary: 'Validar la emoción y mostrar cómo otros lo resolvieron.',
    body: `- **Siente**: «Entiendo cómo se siente con el cambio de versión.»
- **Sintieron**: «Otros clientes se sintieron igual al principio.»
- **Encontraron**: «Encontraron que la factura global les ahorra una hora al mes.»

No la use para discutir: úsela cuando el cliente duda de un cambio que sí le conviene.`,
  },
  {
    title: 'Preguntas que aclaran',
    summary: 'Preguntas abiertas y cerradas para entender el problema a la primera.',
    body: `- Abiertas para entender: «¿Qué pasó cuando intentó timbrar?»
- Cerradas para confirmar: «¿El error dice CFDI40102?»
- Repita lo entendido antes de resolver: «Entonces la factura es del viernes y el sistema la rechaza, ¿correcto?»`,
  },
  {
    title: 'Lenguaje positivo',
    summary: 'Decir lo que sí se puede hacer.',
    body: `| En lugar de | Diga |
| --- | --- |
| «No se puede cancelar hoy.» | «La cancelación queda lista mañana a primera hora.» |
| «Ese no es mi departamento.» | «Le comunico con Facturación, que lo resuelve.» |
| «No sé.» | «Lo reviso y le respondo antes de las 5.» |

Evite «problema» y «culpa»; hable de «solución» y «siguiente paso».`,
  },
  {
    title: 'Atención en línea: chat y WhatsApp',
    summary: 'Tiempos y tono de los canales escritos.',
    body: `- Chat del sitio: primera respuesta en menos de 2 minutos, de una persona, no de un bot.
- WhatsApp: menos de 15 minutos en horario laboral; después de 24 horas solo se puede enviar una plantilla aprobada.
- Correo: menos de 24 horas.
- Salude con su nombre, use el nombre del cliente y cierre confirmando que quedó resuelto.`,
  },
];

const recurring: { title: string; summary: string; body: string; category: string }[] = [
  {
    title: 'Error CFDI40102: la fecha de emisión',
    summary: 'La factura tiene más de 72 horas de antigüedad.',
    category: 'Facturación electrónica',
    body: `## Síntomas
Al timbrar aparece «CFDI40102: la fecha de emisión no está dentro de las 72 horas».

## Causa
El SAT solo acepta facturas emitidas en las últimas 72 horas.

## Solución paso a paso
1. Abra la factura en borrador.
2. Cambie la fecha de emisión a hoy.
3. Vuelva a timbrar.

## Quién puede aplicarla
Cualquier usuario que emite facturas.`,
  },
  {
    title: 'Cómo cancelar un CFDI',
    summary: 'Cancelación con motivo 01 y factura que la sustituye.',
    category: 'Facturación electrónica',
    body: `1. Emita primero la factura correcta.
2. Vaya a **Facturas → Cancelar** y elija la factura equivocada.
3. Motivo **01**: comprobante emitido con errores con relación; relacione la nueva.
4. Si el receptor debe aceptar la cancelación, le llegará un aviso en su buzón tributario.`,
  },
  {
    title: 'Renovar el certificado de sello digital (CSD)',
    summary: 'Cuando el CSD vence, no se puede timbrar.',
    category: 'Facturación electrónica',
    body: `1. Entre al portal del SAT con su e.firma y genere un nuevo CSD con el programa Certifica.
2. En **Configuración → Certificados**, suba el .cer, el .key y la contraseña que definió.
3. Timbre una factura de prueba.`,
  },
  {
    title: 'Mis clientes no reciben la factura por correo',
    summary: 'Revisar el correo del receptor y la carpeta de spam.',
    category: 'Facturación electrónica',
    body: `1. Revise que el correo del cliente esté bien escrito en **Clientes**.
2. Pida al cliente que revise su carpeta de spam y agregue a facturas@facturanorte.demo a sus contactos.
3. Reenvíe desde **Facturas → Reenviar**.`,
  },
];

export async function seedKnowledge(
  ctx: AppContext,
  workspaceId: string,
  ownerId: string,
  agentIds: string[],
): Promise<void> {
  const t = tenant(ctx.db, workspaceId);
  const techniquesCategory = await saveKbCategory(ctx, workspaceId, system, null, {
    name: 'Técnicas de atención',
    description: 'Cómo atendemos: para el equipo.',
  });
  const invoicing = await saveKbCategory(ctx, workspaceId, system, null, {
    name: 'Facturación electrónica',
    description: 'Problemas frecuentes y cómo resolverlos.',
  });
  const processes = await saveKbCategory(ctx, workspaceId, system, null, {
    name: 'Procesos de atención',
    description: 'Cómo se atiende en cada canal.',
  });
  const techniqueIds: string[] = [];
  for (const a of techniques)
    techniqueIds.push(
      (
        await createArticle(
          ctx,
          workspaceId,
          { type: 'user', id: ownerId },
          {
            ...a,
            language: 'es',
            kind: 'article',
            visibility: 'internal',
            status: 'published',
            categoryId: techniquesCategory.id,
          },
        )
      ).id,
    );
  const articleByTitle = new Map<string, string>();
  for (const a of recurring) {
    const created = await createArticle(
      ctx,
      workspaceId,
      { type: 'user', id: ownerId },
      {
        title: a.title,
        summary: a.summary,
        body: a.body,
        language: 'es',
        kind: 'recurring_problem',
        visibility: 'public',
        status: 'published',
        categoryId: invoicing.id,
      },
    );
    articleByTitle.set(a.title, created.id);
  }
  await createArticle(
    ctx,
    workspaceId,
    { type: 'user', id: ownerId },
    {
      title: 'How to cancel a CFDI',
      summary: 'Cancel with reason 01 and the invoice that replaces it.',
      body: '1. Issue the right invoice first.\n2. Go to **Invoices → Cancel** and pick the wrong one.\n3. Reason **01**, related to the new invoice.',
      language: 'en',
      visibility: 'public',
      status: 'published',
      categoryId: invoicing.id,
      translationOf: articleByTitle.get('Cómo cancelar un CFDI'),
    },
  );
  for (const template of articleTemplates('es').filter(
    (x) => x.kind === 'service_process' && (x.channel === 'whatsapp' || x.channel === 'phone'),
  )) {
    await createArticle(
      ctx,
      workspaceId,
      { type: 'user', id: ownerId },
      {
        title: template.title,
        body: template.body,
        language: 'es',
        kind: 'service_process',
        visibility: 'internal',
        status: 'published',
        categoryId: processes.id,
        reviewOn: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10),
      },
    );
  }

  // Incidents from the conversations that were problems, with what caused them and how the customer felt.
  const categories = await t.selectFrom('incident_categories').select(['id', 'name']).execute();
  const category = (name: string) => categories.find((c) => c.name === name)?.id ?? null;
  const kinds = [
    {
      match: 'CFDI40102',
      summary: 'No timbra: fecha de emisión de más de 72 horas',
      category: 'Uso del producto',
      rootCause: 'customer_error' as const,
      article: 'Error CFDI40102: la fecha de emisión',
    },
    {
      match: 'certificado de sello',
      summary: 'CSD vencido, no puede timbrar',
      category: 'Uso del producto',
      rootCause: 'customer_error' as const,
      article: 'Renovar el certificado de sello digital (CSD)',
    },
    {
      match: 'muy lento',
      summary: 'Timbrado lento por intermitencia del PAC',
      category: 'Falla del producto',
      rootCause: 'third_party' as const,
      article: null,
    },
    {
      match: 'No me llegan las facturas',
      summary: 'Las facturas no llegan por correo a sus clientes',
      category: 'Uso del producto',
      rootCause: 'customer_error' as const,
      article: 'Mis clientes no reciben la factura por correo',
    },
    {
      match: 'CFDI40145',
      summary: 'Error CFDI40145 del régimen fiscal del receptor',
      category: 'Facturación y pagos',
      rootCause: 'customer_error' as const,
      article: null,
    },
    {
      match: 'RFC equivocado',
      summary: 'Factura emitida con el RFC equivocado',
      category: 'Facturación y pagos',
      rootCause: 'customer_error' as const,
      article: 'Cómo cancelar un CFDI',
    },
  ];
  const rand = seededRandom(5_150);
  const slow: string[] = [];
  const outdated: string[] = [];
  for (const kind of kinds) {
    const conversations = await t
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select([
        'conversations.id',
        'conversations.status',
        'conversations.resolved_at',
        'conversations.created_at',
        'conversations.assignee_id',
      ])
      .where('messages.direction', '=', 'incoming')
      .where('messages.body', 'like', `%${kind.match}%`)
      .orderBy('conversations.created_at')
      .limit(25)
      .execute();
    for (const c of conversations) {
      const actor = { type: 'user' as const, id: c.assignee_id ?? agentIds[Math.floor(rand() * agentIds.length)]! };
      const before = 1 + Math.floor(rand() * 3);
      const incident = await createIncident(ctx, workspaceId, actor, {
        conversationId: c.id,
        summary: kind.summary,
        categoryId: category(kind.category),
        severity: kind.rootCause === 'third_party' ? 'high' : rand() < 0.3 ? 'high' : 'medium',
        rootCause: kind.rootCause,
        attitudeBefore: before,
        articleId: kind.article ? (articleByTitle.get(kind.article) ?? null) : null,
        timeSpentMinutes: 5 + Math.floor(rand() * 40),
      });
      if (kind.rootCause === 'third_party') slow.push(incident.id);
      if (kind.match === 'CFDI40102') outdated.push(incident.id);
      if (c.status === 'resolved' && c.resolved_at) {
        await updateIncident(ctx, workspaceId, actor, incident.id, {
          status: 'resolved',
          resolvedAt: new Date(Math.max(c.resolved_at, c.created_at)).toISOString(),
          attitudeAfter: Math.min(5, before + 1 + Math.floor(rand() * 2)),
        });
      }
    }
  }
  const pac = await createProblem(ctx, workspaceId, system, {
    title: 'Intermitencia del PAC en horas pico',
    description: 'El timbrado tarda minutos cuando el PAC está saturado.',
    ownerId: agentIds[agentIds.length - 1] ?? ownerId,
    correctiveAction: 'Segundo PAC de respaldo con cambio automático.',
    escalationStatus: 'escalated',
    escalationReference: 'DEV-214',
    incidentIds: slow,
  });
  await updateProblem(ctx, workspaceId, system, pac.id, { status: 'fix_in_progress' });
  const dates = await createProblem(ctx, workspaceId, system, {
    title: 'Facturas con fecha vieja rechazadas',
    description: 'Clientes que preparan facturas días antes y las timbran tarde.',
    ownerId,
    correctiveAction: 'Aviso en pantalla cuando la fecha de emisión tiene más de 48 horas.',
    incidentIds: outdated,
  });
  await updateProblem(ctx, workspaceId, system, dates.id, {
    status: 'solved',
    verification: 'Dos semanas sin el error CFDI40102 tras publicar el aviso.',
  });

  // A new support agent's first week: the techniques, then a short quiz.
  const track = await saveTrack(ctx, workspaceId, system, null, {
    name: 'Nuevo agente de soporte',
    description: 'Las técnicas de atención y los tiempos de cada canal, antes de atender clientes.',
    passMark: 75,
    items: [
      ...techniqueIds.map((articleId) => ({ kind: 'article' as const, articleId })),
      {
        kind: 'question',
        question: '¿Cuál es el primer paso de HEARD con un cliente molesto?',
        choices: [
          { text: 'Escuchar sin interrumpir', correct: true },
          { text: 'Ofrecer un descuento', correct: false },
          { text: 'Explicar la causa', correct: false },
        ],
      },
      {
        kind: 'question',
        question: '¿En cuánto tiempo se responde el primer mensaje del chat del sitio?',
        choices: [
          { text: 'Menos de 2 minutos', correct: true },
          { text: 'Menos de 1 hora', correct: false },
          { text: 'Menos de 24 horas', correct: false },
        ],
      },
      {
        kind: 'question',
        question: '¿Qué frases usan lenguaje positivo?',
        multiple: true,
        choices: [
          { text: '«Queda lista mañana a primera hora»', correct: true },
          { text: '«Ese no es mi departamento»', correct: false },
          { text: '«Lo reviso y le respondo antes de las 5»', correct: true },
        ],
      },
      {
        kind: 'question',
        question: 'En FAB, ¿qué es el beneficio?',
        choices: [
          { text: 'Lo que el cliente gana, en sus palabras', correct: true },
          { text: 'Lo que el producto tiene', correct: false },
        ],
      },
    ],
  });
  if (agentIds[1])
    await assignTrack(ctx, workspaceId, system, track.id, {
      userIds: [agentIds[1]],
      dueOn: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
    });
}
