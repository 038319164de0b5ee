// Strings of the mails the server sends people of the team (notifications), in their own language.
export const mailMessages = {
  en: {
    mentionSubject: '{{by}} mentioned you: {{contact}}',
    mentionBody: '{{by}} mentioned you in an internal note on the conversation with {{contact}}:\n\n{{excerpt}}',
    assignedSubject: 'Conversation with {{contact}} assigned to you',
    assignedBody: 'The conversation with {{contact}} is now yours{{byLine}}.\n\n{{excerpt}}',
    assignedBy: ' (by {{by}})',
    slaSubject: 'Service level missed: {{contact}}',
    taskSubject: 'Due now: {{excerpt}}',
    taskBody: 'Your follow-up “{{excerpt}}” with {{contact}} is due.',
    automationSubject: 'Atiende: {{contact}}',
    automationBody: 'An automation rule sent you this about {{contact}}:\n\n{{excerpt}}',
    slaBody: 'The conversation with {{contact}} missed its {{target}} target.',
    targets: { first_response: 'first response', next_response: 'next response', resolution: 'resolution' },
    open: 'Open it: {{url}}',
    footer: 'You get these emails because of your notification settings in Atiende (My profile).',
  },
  es: {
    mentionSubject: '{{by}} te mencionó: {{contact}}',
    mentionBody: '{{by}} te mencionó en una nota interna de la conversación con {{contact}}:\n\n{{excerpt}}',
    assignedSubject: 'Se te asignó la conversación con {{contact}}',
    assignedBody: 'La conversación con {{contact}} ahora es tuya{{byLine}}.\n\n{{excerpt}}',
    assignedBy: ' (te la asignó {{by}})',
    slaSubject: 'Nivel de servicio incumplido: {{contact}}',
    taskSubject: 'Vence ahora: {{excerpt}}',
    taskBody: 'Tu seguimiento «{{excerpt}}» con {{contact}} vence ahora.',
    automationSubject: 'Atiende: {{contact}}',
    automationBody: 'Una regla de automatización te avisa sobre {{contact}}:\n\n{{excerpt}}',
    slaBody: 'La conversación con {{contact}} no cumplió su meta de {{target}}.',
    targets: { first_response: 'primera respuesta', next_response: 'siguiente respuesta', resolution: 'resolución' },
    open: 'Ábrela: {{url}}',
    footer: 'Recibes estos correos por tus preferencias de avisos en Atiende (Mi perfil).',
  },
};

// The page behind a mailing's unsubscribe link, and the line at the foot of every mailing.
export const unsubscribeMessages = {
  en: {
    footer: 'To stop receiving automatic emails from {{company}}: {{url}}',
    title: 'No more automatic emails?',
    body: '{{company}} will stop sending you surveys and automatic follow-ups by email. Your conversations with the team are not affected.',
    button: 'Stop automatic emails',
    doneTitle: 'Done',
    doneBody: '{{company}} will not send you automatic emails anymore. If you change your mind, tell them.',
    missingTitle: 'This link does not work',
    missingBody: 'It may be incomplete. Write to the company and ask them to stop the emails.',
  },
  es: {
    footer: 'Para dejar de recibir correos automáticos de {{company}}: {{url}}',
    title: '¿Dejar de recibir correos automáticos?',
    body: '{{company}} dejará de enviarle encuestas y seguimientos automáticos por correo. Sus conversaciones con el equipo no cambian.',
    button: 'Dejar de recibirlos',
    doneTitle: 'Listo',
    doneBody: '{{company}} ya no le enviará correos automáticos. Si cambia de opinión, avíseles.',
    missingTitle: 'Este enlace no funciona',
    missingBody: 'Puede estar incompleto. Escriba a la empresa y pídales que dejen de enviarle correos.',
  },
};
