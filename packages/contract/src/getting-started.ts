// Getting started: what a new workspace still has to do (each step seen in its data, never ticked by hand), and the
// starter content a WhatsApp Business user expects (labels, quick replies, service-technique articles), removable.
import { z } from 'zod';

export const GettingStartedStep = z.enum([
  'whatsapp',
  'email',
  'website_chat',
  'team',
  'contacts',
  'article',
  'business_hours',
]);
export type GettingStartedStep = z.infer<typeof GettingStartedStep>;

export const GettingStarted = z.object({
  steps: z
    .array(z.object({ key: GettingStartedStep, done: z.boolean() }))
    .describe(
      'whatsapp and email: an inbox connected; website_chat: a visitor has written from the site; team: someone invited; contacts: a customer recorded or imported; article: an article written or edited by someone; business_hours: the hours or holidays set',
    ),
  done: z.number().int(),
  dismissed: z.boolean().describe('Someone hid the checklist'),
  starterContent: z.boolean().describe('The starter labels, quick replies and articles were added'),
});
export type GettingStarted = z.infer<typeof GettingStarted>;
export const GettingStartedUpdate = z.strictObject({ dismissed: z.boolean() });
