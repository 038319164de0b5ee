// Strings of the mails the server sends people of the team (notifications), in their own language.
export const mailMessages = {
  en: {
    mentionSubject: '{{by}} mentioned you: {{contact}}',
    mentionBody: '{{by}} mentioned you in an internal note on the conversation with {{contact}}:\n\n{{excerpt}}',
    assignedSubject: 'Conversation with {{contact}} assigned to you',
    assignedBody: 'The conversation with {{contact}} is now yours{{byLine}}.\n\n{{excerpt}}',
    assignedBy: ' (by {{by}})',
    slaSubject: 'Service level missed: {{contact}}',
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
    slaBody: 'La conversación con {{contact}} no cumplió su meta de {{target}}.',
    targets: { first_response: 'primera respuesta', next_response: 'siguiente respuesta', resolution: 'resolución' },
    open: 'Ábrela: {{url}}',
    footer: 'Recibes estos correos por tus preferencias de avisos en Atiende (Mi perfil).',
  },
};
