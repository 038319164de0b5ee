// Buyer personas: named ideal-customer profiles; every contact shows the one it fits best and why.
import { z } from 'zod';
import { Id } from './common.js';
import { Psychographics, ContactChannel } from './customers.js';

const List = (max = 80) => z.array(z.string().trim().min(1).max(max)).max(30).default([]);

export const PersonaCriteria = z.strictObject({
  demographics: z
    .strictObject({
      ageMin: z.number().int().min(0).max(120).nullable().default(null),
      ageMax: z.number().int().min(0).max(120).nullable().default(null),
      womenPercent: z.number().min(0).max(100).nullable().default(null),
    })
    .default({ ageMin: null, ageMax: null, womenPercent: null }),
  socioeconomics: z
    .strictObject({
      income: z.string().trim().max(200).nullable().default(null),
      education: z.string().trim().max(200).nullable().default(null),
      occupation: z.string().trim().max(200).nullable().default(null),
      locations: List(),
      household: z.string().trim().max(200).nullable().default(null),
    })
    .default({ income: null, education: null, occupation: null, locations: [], household: null }),
  psychographics: z
    .strictObject({
      traits: z.array(Psychographics.shape.traits.unwrap().element).max(20).default([]),
      interests: List(),
      media: List(),
      anxieties: List(),
    })
    .default({ traits: [], interests: [], media: [], anxieties: [] }),
  business: z
    .strictObject({
      industries: List(120),
      sizeBands: z
        .array(z.enum(['micro', 'small', 'medium', 'large']))
        .max(4)
        .default([]),
    })
    .default({ industries: [], sizeBands: [] }),
  preferences: z.strictObject({ channels: z.array(ContactChannel).max(5).default([]) }).default({ channels: [] }),
});
export type PersonaCriteria = z.infer<typeof PersonaCriteria>;

export const PersonaWrite = z.strictObject({
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(2000).nullable().optional(),
  criteria: PersonaCriteria,
});
export const PersonaUpdate = PersonaWrite.partial();
export const Persona = z.object({
  id: Id,
  name: z.string(),
  description: z.string().nullable(),
  criteria: PersonaCriteria,
  createdAt: z.string(),
});
export type Persona = z.infer<typeof Persona>;

export const PersonaFit = z.object({
  personaId: Id,
  name: z.string(),
  score: z.number().describe('0 to 100'),
  reasons: z.array(z.object({ criterion: z.string(), value: z.string(), matched: z.boolean() })),
});
export type PersonaFit = z.infer<typeof PersonaFit>;
export const PersonaReport = z
  .array(z.object({ personaId: Id.nullable(), name: z.string().nullable(), customers: z.number() }))
  .describe('Customers whose best fit (score 50 or more) is each persona; null: none fits');
export type PersonaReport = z.infer<typeof PersonaReport>;
