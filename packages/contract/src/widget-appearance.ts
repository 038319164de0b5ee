// How the website chat looks and greets: its own file, as both the inbox (conversations.ts) and the widget's
// configuration (widget.ts) carry it.
import { z } from 'zod';

/** How the website chat looks and greets, per web-chat inbox (Settings → Website chat). */
export const WidgetAppearance = z.strictObject({
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'field.invalidOption')
    .describe('The bubble and buttons, #RRGGBB; the text on it is black or white, whichever reads'),
  position: z.enum(['right', 'left']).describe('Corner of the page'),
  greeting: z
    .strictObject({ es: z.string().trim().max(300), en: z.string().trim().max(300) })
    .describe('Shown first in the chat, in the visitor language; empty: none'),
  whatsappNumber: z
    .string()
    .trim()
    .max(30)
    .nullable()
    .describe('A "Write to us on WhatsApp" button opens a chat with this number (any format); null: none'),
});
export type WidgetAppearance = z.infer<typeof WidgetAppearance>;
export const defaultWidgetAppearance: WidgetAppearance = {
  color: '#0b7285',
  position: 'right',
  greeting: { es: '', en: '' },
  whatsappNumber: null,
};
