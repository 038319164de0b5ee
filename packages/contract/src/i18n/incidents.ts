// Words of incidents shared by the server (reports, exports) and the console.
export const rootCauseNames = {
  en: {
    service: 'Our customer service',
    product: 'Our product or programming',
    customer_error: "The customer's own error",
    third_party: 'A third party',
    unknown: 'Not known yet',
  },
  es: {
    service: 'Nuestro servicio al cliente',
    product: 'Nuestro producto o programación',
    customer_error: 'Error del propio cliente',
    third_party: 'Un tercero',
    unknown: 'Aún no se sabe',
  },
} as const;
