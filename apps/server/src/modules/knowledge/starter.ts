// Three service techniques as internal articles, for a workspace that starts with examples: what a new employee reads
// first (HEARD with an upset customer, Feel-Felt-Found, positive language). Edited or deleted like any article.
import type { Tenant } from '../../db/tenant.js';
import { insertStarterArticle } from './articles.js';

const STARTER: Record<'es' | 'en', { title: string; summary: string; body: string }[]> = {
  es: [
    {
      title: 'Técnica HEARD: atender a un cliente molesto',
      summary: 'Escuchar, empatizar, disculparse, resolver y diagnosticar, en ese orden.',
      body: [
        '## Cuándo usarla',
        'Cuando un cliente llega molesto por un error, un retraso o una mala experiencia, por cualquier canal.',
        '',
        '## Paso a paso',
        '1. **Escucha** (Hear): deja que cuente todo sin interrumpir; toma nota de los datos (folio, fecha, producto).',
        '2. **Empatiza** (Empathize): di lo que entiendes de cómo se siente: «Entiendo que es frustrante no poder facturar a fin de mes».',
        '3. **Discúlpate** (Apologize): una disculpa sincera y breve, sin culpar a nadie.',
        '4. **Resuelve** (Resolve): di qué vas a hacer y cuándo; si no puedes resolver en ese momento, da una hora para el siguiente aviso y cúmplela.',
        '5. **Diagnostica** (Diagnose): después, registra la incidencia con su causa raíz para que no se repita.',
        '',
        '## Qué evitar',
        '- Discutir quién tuvo la culpa.',
        '- Prometer lo que no depende de ti.',
      ].join('\n'),
    },
    {
      title: 'Siento, sentí, encontré: responder a una objeción',
      summary: 'Reconocer la duda del cliente, mostrar que otros la tuvieron y lo que encontraron.',
      body: [
        '## Cuándo usarla',
        'Ante una objeción de precio, de cambio o de confianza («está caro», «no sé si me conviene»).',
        '',
        '## Paso a paso',
        '1. **Siento**: «Entiendo cómo se siente…» (reconoce la duda, no la discutas).',
        '2. **Sintieron**: «Otros clientes se sintieron igual al principio…».',
        '3. **Encontraron**: «…y encontraron que…» con un resultado concreto y verdadero de otro cliente.',
        '',
        '## Ejemplo',
        '«Entiendo que el plan anual parezca mucho de una vez. Otros talleres pensaron lo mismo y encontraron que, al pagar el año, les quedaban dos meses sin costo.»',
      ].join('\n'),
    },
    {
      title: 'Lenguaje positivo con los clientes',
      summary: 'Decir lo que sí se puede hacer, con palabras que acercan.',
      body: [
        '## La idea',
        'El cliente recuerda cómo lo hicimos sentir. Di lo que **sí** se puede hacer y cuándo.',
        '',
        '## Cambios sencillos',
        '| En vez de | Di |',
        '| --- | --- |',
        '| «No se puede hasta el lunes» | «El lunes a primera hora queda listo» |',
        '| «Es que usted no…» | «Para que funcione, hace falta…» |',
        '| «No sé» | «Lo investigo y le aviso hoy antes de las 5» |',
        '| «Es política de la empresa» | «Lo que sí puedo hacer es…» |',
        '',
        '## Recuerda',
        '- Usa su nombre.',
        '- Cierra con un siguiente paso claro.',
      ].join('\n'),
    },
  ],
  en: [
    {
      title: 'The HEARD technique: serving an upset customer',
      summary: 'Hear, empathize, apologize, resolve and diagnose, in that order.',
      body: [
        '## When to use it',
        'When a customer comes upset about a mistake, a delay or a bad experience, on any channel.',
        '',
        '## Step by step',
        '1. **Hear**: let them tell everything without interrupting; note the facts (order, date, product).',
        '2. **Empathize**: say what you understand of how they feel: "I understand it is frustrating not to be able to invoice at month end."',
        '3. **Apologize**: a short, sincere apology, blaming nobody.',
        '4. **Resolve**: say what you will do and when; if you cannot solve it now, give a time for the next update and keep it.',
        '5. **Diagnose**: afterwards, record the incident with its root cause so that it does not happen again.',
        '',
        '## What to avoid',
        '- Arguing about whose fault it was.',
        '- Promising what does not depend on you.',
      ].join('\n'),
    },
    {
      title: 'Feel, felt, found: answering an objection',
      summary: "Acknowledge the customer's doubt, show others had it, and what they found.",
      body: [
        '## When to use it',
        'Facing an objection about price, change or trust ("it is expensive", "I am not sure it suits me").',
        '',
        '## Step by step',
        '1. **Feel**: "I understand how you feel…" (acknowledge the doubt, do not argue with it).',
        '2. **Felt**: "Other customers felt the same at first…".',
        '3. **Found**: "…and they found that…" with a concrete, true result of another customer.',
      ].join('\n'),
    },
    {
      title: 'Positive language with customers',
      summary: 'Say what can be done, with words that bring people closer.',
      body: [
        '## The idea',
        'Customers remember how we made them feel. Say what **can** be done, and when.',
        '',
        '## Simple changes',
        '| Instead of | Say |',
        '| --- | --- |',
        '| "Not until Monday" | "It will be ready first thing Monday" |',
        '| "You didn\'t…" | "For it to work, it needs…" |',
        '| "I don\'t know" | "I will find out and let you know today before 5" |',
        '',
        '## Remember',
        '- Use their name.',
        '- End with a clear next step.',
      ].join('\n'),
    },
  ],
};

export async function starterArticles(t: Tenant, language: 'es' | 'en'): Promise<void> {
  const taken = new Set((await t.selectFrom('articles').select('title').execute()).map((a) => a.title));
  for (const article of STARTER[language])
    if (!taken.has(article.title)) await insertStarterArticle(t, { ...article, language });
}
