// Words the server writes for renewals (the owner's reminder task), in the workspace's language.
export const afterSalesWords = {
  en: {
    renewalTask: 'Renewal of {{plan}} — {{contact}} ({{date}})',
    renewalBody:
      'The subscription renews soon: confirm the renewal with the customer, or record why they will not renew.',
  },
  es: {
    renewalTask: 'Renovación de {{plan}} — {{contact}} ({{date}})',
    renewalBody:
      'La suscripción se renueva pronto: confirma la renovación con el cliente o registra por qué no renovará.',
  },
};
