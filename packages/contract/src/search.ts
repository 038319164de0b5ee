// One search over everything a team keeps: customers, companies, conversations by their messages, deals, quotes,
// projects, incidents and articles (Ctrl/Cmd+K in the console, GET /api/search for programs).
import { z } from 'zod';

export const SearchKind = z.enum([
  'contact',
  'company',
  'conversation',
  'deal',
  'quote',
  'project',
  'incident',
  'article',
]);
export type SearchKind = z.infer<typeof SearchKind>;

export const SearchQuery = z.strictObject({
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('Words to find (accents ignored; words of 3+ letters match as prefixes)'),
  kinds: z
    .string()
    .max(200)
    .optional()
    .describe(
      'Comma-separated kinds to search (contact,company,conversation,deal,quote,project,incident,article); all by default',
    ),
  limit: z.coerce.number().int().min(1).max(20).default(5).describe('Most hits of each kind'),
});

export const SearchHit = z.object({
  kind: SearchKind,
  id: z.string(),
  title: z.string(),
  detail: z.string().describe('A second line: the email, the matching message, the stage, the amount…'),
  path: z.string().describe('The console page that opens it, e.g. /contacts/ct_…'),
});
export type SearchHit = z.infer<typeof SearchHit>;
export const SearchResult = z.object({ query: z.string(), hits: z.array(SearchHit) });
export type SearchResult = z.infer<typeof SearchResult>;
