import type { ErrorCode } from '../errors.js';

export const errorMessages: Record<'es' | 'en', Record<ErrorCode, string>> = {
  en: {
    validation_failed: 'Some fields are not valid.',
    invalid_json: 'The request body is not valid JSON.',
    unsupported_media_type: 'Send the request body as application/json.',
    body_too_large: 'The request body is too large.',
    unauthenticated: 'Please sign in.',
    invalid_credentials: 'The email or the password is not correct.',
    forbidden: 'Your role does not allow this action.',
    csrf_failed: 'The request could not be verified. Reload the page and try again.',
    not_found: 'We could not find that record.',
    route_not_found: 'There is no such API route.',
    email_taken: 'An account with this email already exists.',
    already_member: 'This person already belongs to the workspace.',
    setup_closed: 'This installation already has a workspace. Sign in instead.',
    last_owner: 'A workspace needs at least one owner.',
    demo_unavailable: 'The demo workspace is not offered on this installation.',
    token_invalid: 'This link is not valid or has expired.',
    too_many_attempts: 'Too many attempts. Wait a few minutes and try again.',
    internal_error: 'Something went wrong on our side. Nothing was saved; please try again.',
    service_unavailable: 'The service is temporarily unavailable. Please try again shortly.',
  },
  es: {
    validation_failed: 'Algunos campos no son válidos.',
    invalid_json: 'El cuerpo de la solicitud no es JSON válido.',
    unsupported_media_type: 'Envía el cuerpo de la solicitud como application/json.',
    body_too_large: 'El cuerpo de la solicitud es demasiado grande.',
    unauthenticated: 'Inicia sesión, por favor.',
    invalid_credentials: 'El correo o la contraseña no son correctos.',
    forbidden: 'Tu rol no permite esta acción.',
    csrf_failed: 'No pudimos verificar la solicitud. Recarga la página e inténtalo de nuevo.',
    not_found: 'No encontramos ese registro.',
    route_not_found: 'No existe esa ruta de la API.',
    email_taken: 'Ya existe una cuenta con este correo.',
    already_member: 'Esta persona ya pertenece al espacio de trabajo.',
    setup_closed: 'Esta instalación ya tiene un espacio de trabajo. Inicia sesión.',
    last_owner: 'Un espacio de trabajo necesita al menos un propietario.',
    demo_unavailable: 'El espacio de demostración no está disponible en esta instalación.',
    token_invalid: 'Este enlace no es válido o ya venció.',
    too_many_attempts: 'Demasiados intentos. Espera unos minutos e inténtalo de nuevo.',
    internal_error: 'Algo falló de nuestro lado. No se guardó nada; inténtalo de nuevo.',
    service_unavailable: 'El servicio no está disponible por el momento. Inténtalo en un momento.',
  },
};

/** Messages of the contract's own field rules; the schemas carry the key, the server puts the words. */
export const fieldMessages: Record<'es' | 'en', Record<string, string>> = {
  en: {
    'field.unknownTimeZone': 'Unknown time zone (use an IANA name such as America/Mexico_City)',
    'field.closeBeforeOpen': 'Closing time must be after opening time',
    'field.hourMinute': 'Use the 24-hour format HH:MM',
    'field.passwordLength': 'At least 10 characters',
  },
  es: {
    'field.unknownTimeZone': 'Zona horaria desconocida (usa un nombre IANA como America/Mexico_City)',
    'field.closeBeforeOpen': 'La hora de cierre debe ser posterior a la de apertura',
    'field.hourMinute': 'Usa el formato de 24 horas HH:MM',
    'field.passwordLength': 'Al menos 10 caracteres',
  },
};
