// A starting text for the privacy notice (LFPDPPP), for the company to adapt before publishing.
export const noticeTemplate = {
  es: {
    body: (company: string) => `${company} es responsable del tratamiento de tus datos personales.

Datos que recabamos: nombre, correo electrónico, teléfono, empresa y puesto, y lo que nos cuentes al escribirnos o llamarnos (conversaciones, solicitudes e incidencias).

Finalidades: las primarias son necesarias para la relación que tienes con nosotros; puedes oponerte a las secundarias en cualquier momento sin que eso afecte a las primarias.

Derechos ARCO: puedes acceder a tus datos, rectificarlos, cancelarlos u oponerte a su uso, y revocar tu consentimiento, escribiendo a [correo de privacidad]. Respondemos en un máximo de 20 días hábiles.

Cambios a este aviso: publicaremos cualquier cambio en esta misma página, con su número de versión.`,
    purposes: [
      {
        key: 'service',
        name: 'Atender tus solicitudes, dar soporte y cumplir lo contratado',
        kind: 'primary' as const,
      },
      { key: 'surveys', name: 'Encuestas de satisfacción sobre nuestro servicio', kind: 'secondary' as const },
      { key: 'marketing', name: 'Promociones, novedades y eventos', kind: 'secondary' as const },
    ],
  },
  en: {
    body: (company: string) => `${company} is responsible for the processing of your personal data.

Data we collect: name, email, phone, company and role, and what you tell us when you write or call (conversations, requests and incidents).

Purposes: primary purposes are needed for your relationship with us; you may opt out of the secondary ones at any time without affecting the primary ones.

ARCO rights: you may access, rectify or cancel your data, oppose its use, and withdraw your consent, by writing to [privacy email]. We answer within 20 business days.

Changes to this notice: any change will be published on this page, with its version number.`,
    purposes: [
      { key: 'service', name: 'Attending your requests, support and what you contracted', kind: 'primary' as const },
      { key: 'surveys', name: 'Satisfaction surveys about our service', kind: 'secondary' as const },
      { key: 'marketing', name: 'Promotions, news and events', kind: 'secondary' as const },
    ],
  },
};
