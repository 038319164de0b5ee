// The business events: what happened, named for the domain, each with the data it carries. Raised inside the
// transaction of the change; webhooks send `data` as it is here, automation rules look at it, and every listener
// receives it typed. A new event is one line here (and one value in WebhookEvent, which lists them for the API).
import type { Channel } from './conversations.js';
import type { WebhookEvent } from './webhooks.js';

export interface ConversationEventData {
  id: string;
  channel: Channel;
  inboxId: string;
  contactId: string;
}

export interface DealEventData {
  id: string;
  title: string;
  value: number;
  currency: string;
  pipelineId: string;
  contactId: string | null;
  companyId: string | null;
  ownerId: string | null;
  lostReason: string | null;
}

export interface QuoteEventData {
  id: string;
  reference: string;
  title: string;
  total: number;
  currency: string;
  dealId: string | null;
  contactId: string | null;
  /** Who answered, as they signed. */
  by: string;
  reason: string | null;
}

export interface SubscriptionEventData {
  id: string;
  plan: string;
  price: number;
  currency: string;
  interval: string;
  contactId: string | null;
  companyId: string | null;
  ownerId: string | null;
}

/** Every business event by name, with its data. */
export interface BusinessEvents {
  'deal.won': { deal: DealEventData };
  'deal.lost': { deal: DealEventData };
  'quote.accepted': { quote: QuoteEventData };
  'quote.declined': { quote: QuoteEventData };
  'project.status_changed': {
    project: {
      id: string;
      reference: string;
      title: string;
      from: string;
      to: string;
      contactId: string | null;
      dealId: string | null;
      ownerId: string | null;
    };
  };
  'incident.resolved': {
    incident: {
      id: string;
      number: number;
      summary: string;
      rootCause: string;
      contactId: string | null;
      companyId: string | null;
      assigneeId: string | null;
    };
  };
  'contact.lost': { contact: { id: string; name: string; leftReason: string | null; ownerId: string | null } };
  /** Two records of one person became one: `id` stays, `mergedId` is gone and all it held is now `id`'s. */
  'contact.merged': { contact: { id: string; mergedId: string; name: string; ownerId: string | null } };
  'subscription.renewed': { subscription: SubscriptionEventData & { renewsOn: string } };
  'subscription.ended': { subscription: SubscriptionEventData & { endedOn: string; reason: string } };
  'conversation.created': { conversation: ConversationEventData; message: { id: string; body: string; kind: string } };
  'message.received': { conversation: ConversationEventData; message: { id: string; body: string; kind: string } };
  'conversation.resolved': { conversation: ConversationEventData };
}

export type BusinessEventName = keyof BusinessEvents;

/** One event: its name and its data, narrowed together by the name. */
export type BusinessEvent = { [K in BusinessEventName]: { name: K; data: BusinessEvents[K] } }[BusinessEventName];

// The API's list of event names and this vocabulary are the same set: a name added to one and not the other fails here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const businessEventsMatchTheApi: Same<BusinessEventName, WebhookEvent> = true;
