// Words used to describe business hours, shared by the server (widget config) and the console.
export const weekdayNames = {
  en: {
    mon: 'Monday',
    tue: 'Tuesday',
    wed: 'Wednesday',
    thu: 'Thursday',
    fri: 'Friday',
    sat: 'Saturday',
    sun: 'Sunday',
  },
  es: { mon: 'lunes', tue: 'martes', wed: 'miércoles', thu: 'jueves', fri: 'viernes', sat: 'sábado', sun: 'domingo' },
} as const;
export const hoursWords = {
  en: { to: 'to', and: 'and', closed: 'no fixed hours', range: '{{from}}–{{to}}' },
  es: { to: 'a', and: 'y', closed: 'sin horario fijo', range: '{{from}} a {{to}}' },
} as const;
