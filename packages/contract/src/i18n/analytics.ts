// Names and definitions of the service standards (seed 002), shown on the dashboard (on hover) and in the weekly mail.
export const standardWords = {
  es: {
    first_response: [
      'Primera respuesta (mediana)',
      'Tiempo desde el primer mensaje del cliente hasta la primera respuesta de una persona del equipo; la mitad de las conversaciones se respondió en menos. Se compara con la meta de cada canal (chat ~2 min, correo 24 h, teléfono de inmediato).',
    ],
    first_response_p90: [
      'Primera respuesta (p90)',
      'Nueve de cada diez conversaciones recibieron su primera respuesta en menos de este tiempo.',
    ],
    first_response_business: [
      'Primera respuesta en horario laboral',
      'La mediana de la primera respuesta contando solo el horario laboral y sin días festivos.',
    ],
    first_contact_resolution: [
      'Resolución al primer contacto',
      'Parte de las conversaciones resueltas con una sola respuesta del equipo y sin que el cliente volviera en 7 días (reabriéndola o escribiendo de nuevo por cualquier canal).',
    ],
    instant_service: [
      'Índice de servicio inmediato',
      'Parte de los clientes que recibieron respuesta dentro de la meta de su canal, frente a los que tuvieron que esperar.',
    ],
    waiting_time: [
      'Tiempo de espera',
      'Cuánto esperaron, en promedio, los clientes que no fueron atendidos dentro de la meta.',
    ],
    resolution: [
      'Tiempo de resolución (mediana)',
      'Tiempo desde el primer mensaje hasta que la conversación quedó resuelta.',
    ],
    reopen_rate: ['Tasa de reapertura', 'Parte de las conversaciones resueltas que se volvieron a abrir.'],
    successful_customer: [
      'Índice de cliente exitoso',
      'Parte de las conversaciones resueltas sin que el cliente volviera en 7 días, o con una respuesta positiva en una encuesta.',
    ],
    complaints_per_1000: [
      'Quejas por cada 100 respuestas de encuesta',
      'Respuestas de encuesta por debajo del umbral de seguimiento, por cada cien respuestas.',
    ],
    transfers_per_conversation: [
      'Transferencias por conversación',
      'Cuántas veces, en promedio, se pasó una conversación a otro equipo antes de resolverla: al cliente no le gusta repetir su problema.',
    ],
    abandoned_rate: [
      'Esperas interrumpidas',
      'Parte de las conversaciones que el cliente abandonó mientras esperaba respuesta.',
    ],
    ces: ['Esfuerzo del cliente (CES)', 'Promedio de 1 a 7 de "La empresa me facilitó resolver mi asunto".'],
    handle_time: [
      'Tiempo de atención',
      'Tiempo activo del equipo por conversación: la redacción de cada respuesta (hasta 10 minutos), la duración de las llamadas y visitas registradas y el cierre.',
    ],
    minutes_per_matter: ['Minutos por asunto', 'Tiempo de atención por cada conversación resuelta.'],
    csat: ['Satisfacción (CSAT)', 'Parte de las respuestas con 4 o 5 de 5.'],
    nps: ['Net Promoter Score', 'Promotores (9–10) menos detractores (0–6), de −100 a 100.'],
    backlog: ['Pendientes', 'Conversaciones abiertas ahora mismo.'],
  },
  en: {
    first_response: [
      'First response (median)',
      "Time from the customer's first message to the first answer by a person of the team; half the conversations were answered faster. Held to each channel's target (chat ~2 min, email 24 h, phone at once).",
    ],
    first_response_p90: ['First response (p90)', 'Nine in ten conversations had their first answer faster than this.'],
    first_response_business: [
      'First response in business hours',
      'The median first response counting business hours only, holidays skipped.',
    ],
    first_contact_resolution: [
      'First-contact resolution',
      'Share of conversations resolved with one answer of the team and the customer not back within 7 days (reopening it or writing again on any channel).',
    ],
    instant_service: [
      'Instant-service index',
      "Share of customers answered within their channel's target, against those made to wait.",
    ],
    waiting_time: ['Waiting time', 'How long, on average, the customers not answered within the target waited.'],
    resolution: ['Resolution time (median)', 'Time from the first message until the conversation was resolved.'],
    reopen_rate: ['Reopen rate', 'Share of resolved conversations that were opened again.'],
    successful_customer: [
      'Successful-customer index',
      'Share of conversations resolved without the customer coming back within 7 days, or with a positive survey answer.',
    ],
    complaints_per_1000: [
      'Complaints per 100 survey answers',
      'Survey answers at or below the follow-up threshold, per hundred answers.',
    ],
    transfers_per_conversation: [
      'Transfers per conversation',
      'How many times, on average, a conversation was passed to another team before it was resolved: customers dislike repeating their problem.',
    ],
    abandoned_rate: [
      'Abandoned while waiting',
      'Share of conversations the customer left while waiting for an answer.',
    ],
    ces: ['Customer effort (CES)', 'Mean of 1 to 7 of "The company made it easy to solve my issue".'],
    handle_time: [
      'Handle time',
      'Active team time per conversation: writing each answer (up to 10 minutes), the length of logged calls and visits, and the wrap-up.',
    ],
    minutes_per_matter: ['Minutes per matter', 'Handle time per resolved conversation.'],
    csat: ['Satisfaction (CSAT)', 'Share of answers of 4 or 5 out of 5.'],
    nps: ['Net Promoter Score', 'Promoters (9–10) minus detractors (0–6), from −100 to 100.'],
    backlog: ['Backlog', 'Conversations open right now.'],
  },
} as const;

export const summaryWords = {
  es: {
    subject: (company: string) => `${company}: resumen semanal del servicio`,
    intro: (from: string, to: string) => `Así fue el servicio del ${from} al ${to}:`,
    conversations: 'Conversaciones',
    met: 'cumple la meta',
    missed: 'no cumple la meta',
    previous: 'semana anterior',
    open: 'Ver el tablero',
    footer: 'Recibes este correo por ser administrador. Se desactiva en Estándares de servicio → Ajustes.',
  },
  en: {
    subject: (company: string) => `${company}: weekly service summary`,
    intro: (from: string, to: string) => `This is how the service went from ${from} to ${to}:`,
    conversations: 'Conversations',
    met: 'meets the target',
    missed: 'misses the target',
    previous: 'week before',
    open: 'Open the dashboard',
    footer: 'You get this mail as an administrator. Turn it off in Service standards → Settings.',
  },
};
