// Article templates: a recurring problem (symptoms, cause, steps, who may apply it) and a service process per
// channel (block diagram, steps, resources, standards). Offered in the author's language.
const processDiagram = {
  es: (channel: string) => `\`\`\`mermaid
flowchart LR
  A[Llega por ${channel}] --> B{¿Cliente identificado?}
  B -- No --> C[Pedir nombre y empresa]
  B -- Sí --> D[Entender la necesidad]
  C --> D
  D --> E{¿Se resuelve en el primer contacto?}
  E -- Sí --> F[Resolver y confirmar]
  E -- No --> G[Registrar incidencia y acordar fecha]
  G --> F
  F --> H[Cerrar y pedir opinión]
\`\`\``,
  en: (channel: string) => `\`\`\`mermaid
flowchart LR
  A[Arrives by ${channel}] --> B{Customer identified?}
  B -- No --> C[Ask name and company]
  B -- Yes --> D[Understand the need]
  C --> D
  D --> E{Solved on first contact?}
  E -- Yes --> F[Solve and confirm]
  E -- No --> G[Record an incident and agree a date]
  G --> F
  F --> H[Close and ask for feedback]
\`\`\``,
};

const standards = {
  es: {
    phone: 'Contestar antes del tercer timbre; saludo con nombre de la empresa y del agente.',
    whatsapp: 'Primera respuesta en menos de 15 minutos en horario laboral.',
    email: 'Primera respuesta en menos de 24 horas.',
    webchat: 'Primera respuesta en menos de 2 minutos.',
  },
  en: {
    phone: 'Answer before the third ring; greet with the company and the agent name.',
    whatsapp: 'First response within 15 minutes in working hours.',
    email: 'First response within 24 hours.',
    webchat: 'First response within 2 minutes.',
  },
};
const channelNames = {
  es: { phone: 'teléfono', whatsapp: 'WhatsApp', email: 'correo', webchat: 'chat del sitio web' },
  en: { phone: 'phone', whatsapp: 'WhatsApp', email: 'email', webchat: 'website chat' },
};

export function articleTemplates(language: 'es' | 'en') {
  const es = language === 'es';
  const recurring = {
    key: 'recurring_problem',
    kind: 'recurring_problem' as const,
    channel: null,
    title: es ? 'Problema recurrente: …' : 'Recurring problem: …',
    body: es
      ? '## Síntomas\nQué ve o dice el cliente.\n\n## Causa\nPor qué pasa (servicio, producto, error del cliente o tercero).\n\n## Solución paso a paso\n1. …\n2. …\n3. …\n\n## Quién puede aplicarla\nRol o equipo autorizado, y cuándo escalar.\n'
      : '## Symptoms\nWhat the customer sees or says.\n\n## Cause\nWhy it happens (service, product, customer error or third party).\n\n## Step-by-step solution\n1. …\n2. …\n3. …\n\n## Who may apply it\nThe role or team allowed to, and when to escalate.\n',
  };
  const processes = (['phone', 'whatsapp', 'email', 'webchat'] as const).map((channel) => ({
    key: `service_process_${channel}`,
    kind: 'service_process' as const,
    channel,
    title: es ? `Proceso de atención por ${channelNames.es[channel]}` : `Service process: ${channelNames.en[channel]}`,
    body: es
      ? `## Diagrama de bloques\n${processDiagram.es(channelNames.es[channel])}\n\n## Pasos\n1. …\n\n## Recursos necesarios\n- …\n\n## Estándares que debe cumplir\n- ${standards.es[channel]}\n`
      : `## Block diagram\n${processDiagram.en(channelNames.en[channel])}\n\n## Steps\n1. …\n\n## Resources needed\n- …\n\n## Standards it must meet\n- ${standards.en[channel]}\n`,
  }));
  return [recurring, ...processes];
}
