export const consoleMessages = { en: {}, es: {} } as const;
