// Raw material of the demo workspace: a small e-invoicing (CFDI) software company in Monterrey and its customers.
export const companyName = 'Factura Norte Software';

export const team = [
  { name: 'Mariana Treviño', email: 'demo@atiende.demo', role: 'owner' },
  { name: 'Luis Garza', email: 'luis.garza@facturanorte.demo', role: 'agent' },
  { name: 'Paola Elizondo', email: 'paola.elizondo@facturanorte.demo', role: 'agent' },
  { name: 'Jorge Cantú', email: 'jorge.cantu@facturanorte.demo', role: 'admin' },
] as const;

export const demoPassword = 'demo-atiende-2026';

export const firstNames = ['José', 'María', 'Juan', 'Guadalupe', 'Francisco', 'Verónica', 'Alejandro', 'Patricia', 'Ricardo', 'Adriana', 'Fernando', 'Gabriela', 'Roberto', 'Claudia', 'Miguel', 'Leticia', 'Arturo', 'Rocío', 'Eduardo', 'Silvia', 'Héctor', 'Norma', 'Sergio', 'Yolanda', 'Raúl', 'Alejandra', 'Óscar', 'Mónica', 'Javier', 'Lorena', 'Manuel', 'Araceli', 'Jesús', 'Karla', 'Daniel', 'Sofía', 'Iván', 'Ximena', 'Ramón', 'Fátima'];
export const lastNames = ['Hernández', 'García', 'Martínez', 'López', 'González', 'Rodríguez', 'Pérez', 'Sánchez', 'Ramírez', 'Cruz', 'Flores', 'Gómez', 'Morales', 'Vázquez', 'Reyes', 'Jiménez', 'Torres', 'Díaz', 'Gutiérrez', 'Ruiz', 'Mendoza', 'Aguilar', 'Ortiz', 'Moreno', 'Castillo', 'Romero', 'Álvarez', 'Méndez', 'Chávez', 'Rivera', 'Peña', 'Salazar', 'Villarreal', 'Zamora', 'Ibarra'];
export const businesses = ['Ferretería La Paloma', 'Abarrotes Don Chuy', 'Consultorio Dental Sonrisas', 'Taller Mecánico El Güero', 'Papelería Escolar Lupita', 'Farmacia San Rafael', 'Refaccionaria del Norte', 'Despacho Contable Ibarra', 'Panadería La Espiga', 'Transportes Regiomontanos', 'Maquinados de Precisión Apodaca', 'Clínica Veterinaria Huellitas', 'Mueblería Hogar Feliz', 'Distribuidora de Carnes Santa Fe', 'Estética Glamour', 'Agencia de Viajes Horizonte', 'Imprenta Rápida Monterrey', 'Constructora Cerro de la Silla', 'Colegio Bilingüe Anáhuac', 'Restaurante El Cabrito', 'Vidrios y Aluminios Garza', 'Lavandería Burbujas', 'Tortillería La Güera', 'Gimnasio Fuerza Total', 'Agroquímicos del Bajío'];

/** One customer question and the way the team answers it: [customer, agent, optional customer follow-up, optional agent close]. */
export const topics: string[][] = [
  ['Buenas tardes, no puedo timbrar mis facturas, me sale el error CFDI40102 de la fecha.', 'Hola, ese error aparece cuando la fecha de emisión tiene más de 72 horas. ¿Me confirma la fecha que está usando?', 'Ah, era del viernes pasado. Ya la cambié y sí timbró, gracias.', 'Con gusto, cualquier cosa aquí estamos.'],
  ['Hola, necesito cancelar una factura que hice con el RFC equivocado.', 'Claro. Desde Facturas > Cancelar, elija el motivo 01 y relacione la factura que la sustituye. ¿Ya emitió la nueva?', 'Todavía no, primero hago la nueva y luego cancelo.', 'Exacto, así el SAT acepta la cancelación sin problema.'],
  ['¿Cómo hago un complemento de pago? El cliente me pagó en parcialidades.', 'Le comparto la guía: Pagos > Nuevo complemento, seleccione la factura PPD y capture el monto y la fecha del pago.', 'Listo, ya quedó. Muy clara la guía.'],
  ['Se me venció el certificado de sello digital, ¿qué hago?', 'Tiene que tramitar un nuevo CSD en el portal del SAT con su e.firma y luego subir los archivos .cer y .key en Configuración > Certificados.', 'Ya lo subí pero me pide la contraseña y no la recuerdo.', 'La contraseña es la que usted definió al generar el CSD en Certifica. Si no la recuerda, hay que generar uno nuevo.'],
  ['Quiero comprar más timbres, ya se me acabaron los del paquete.', 'Con gusto. Tenemos paquetes de 100, 500 y 1,000 timbres. ¿Cuál le interesa? Le envío la liga de pago.', 'El de 500 por favor.', 'Listo, le llegó la liga a su correo. En cuanto se refleje el pago se acreditan los timbres.'],
  ['El sistema está muy lento hoy, tardó 5 minutos en timbrar.', 'Una disculpa, el PAC tuvo intermitencia esta mañana. Ya está restablecido, ¿puede intentar de nuevo?', 'Ya funciona normal.'],
  ['¿Me pueden ayudar a configurar la serie y el folio de mis facturas?', 'Claro, en Configuración > Series puede crear la serie A con folio inicial. ¿Quiere que lo hagamos por videollamada?', 'Sí, mañana a las 10 si se puede.', 'Agendado, le mando la invitación.'],
  ['No me llegan las facturas por correo a mis clientes.', 'Revisemos: ¿el correo del receptor está bien escrito en el catálogo de clientes? A veces caen en spam.', 'Estaba mal escrito, ya lo corregí y le llegó.'],
  ['¿Cuándo se renueva mi suscripción anual? Quiero pagarla antes.', 'Su plan se renueva el próximo mes. Le puedo enviar la factura por adelantado si gusta.', 'Sí, por favor, con el mismo RFC.'],
  ['Necesito agregar un usuario para mi contadora.', 'En Configuración > Usuarios puede invitarla con permiso de solo consulta o de emisión. ¿Cuál prefiere?', 'Solo consulta.', 'Perfecto, ya le debe haber llegado la invitación.'],
  ['Me aparece el error CFDI40145 del régimen fiscal del receptor.', 'Ese error indica que el régimen del receptor no coincide con lo registrado en el SAT. Pídale a su cliente su constancia de situación fiscal actualizada.', 'Ya me la mandó y era otro régimen. Ya quedó.'],
  ['¿Tienen integración con mi punto de venta?', 'Sí, tenemos conector para los principales puntos de venta y una API. ¿Qué sistema usa?', 'Uso uno propio que hizo un programador.', 'Le paso la documentación de la API para su programador.'],
  ['Buen día, ¿cómo hago una factura global de ventas al público en general?', 'Use el RFC XAXX010101000, periodicidad y meses en la sección de factura global. Le envío el artículo paso a paso.', 'Gracias, justo lo que necesitaba.'],
  ['Quiero cancelar mi suscripción, ya no la voy a usar.', 'Lamentamos escuchar eso. ¿Nos puede compartir el motivo? Si es el precio, tenemos un plan básico más económico.', 'Cerré uno de mis negocios, pero lo voy a pensar.'],
  ['¿Puedo facturar en dólares?', 'Sí, seleccione la moneda USD y capture el tipo de cambio del día publicado por Banxico.', 'Perfecto.'],
];

export const agentNotes = [
  'Cliente con prisa: prefiere respuesta por WhatsApp.',
  'Revisar si aplica descuento por renovación anticipada.',
  'Ya es la segunda vez que reporta lentitud esta semana.',
  'Pidió que lo contacten solo en horario de oficina.',
];

export const industries = ['Comercio al por menor', 'Servicios profesionales', 'Salud', 'Manufactura', 'Alimentos y bebidas', 'Transporte', 'Construcción', 'Educación'];
export const plans = ['Plan Básico', 'Plan Pyme', 'Plan Empresarial'];
export const extraTags = ['Nómina', 'Complemento de pago', 'Factura global', 'Integración API', 'VIP'];
export const sources = ['Expo Pyme Monterrey 2026', 'Sitio web', 'Recomendación de cliente', 'Facebook', 'Contador aliado'];
export const roles = ['Dueño', 'Contador', 'Administración', 'Auxiliar contable', 'Gerente'];
export const traits = ['demanding', 'tolerant', 'empathetic', 'helpful', 'loyal', 'price_sensitive', 'detail_oriented', 'impatient'] as const;
export const leftReasons = ['Precio: se cambió a un proveedor más barato', 'Cerró el negocio', 'Su contador usa otro sistema', 'Problemas de timbrado en temporada alta'];
