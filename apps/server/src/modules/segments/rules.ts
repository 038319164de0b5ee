// Turns a segment's rules into one SQL condition on contacts, so counting and listing are a single indexed query.
import type { SegmentDefinition, SegmentRule } from '@atiende/contract';
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { likePattern as like } from '../../db/like.js';
import type { DB } from '../../db/schema.js';

type EB = ExpressionBuilder<DB, 'contacts'>;
const DAY = 86_400_000;

function condition(eb: EB, rule: SegmentRule, workspaceId: string, now: number): Expression<SqlBool> {
  const v = rule.value;
  const negate = (e: Expression<SqlBool>) => eb.not(e);
  switch (rule.field) {
    case 'status':
      return rule.operator === 'is'
        ? eb('contacts.status', '=', String(v))
        : eb.or([eb('contacts.status', '!=', String(v)), eb('contacts.status', 'is', null)]);
    case 'tag': {
      const tagged = eb(
        'contacts.id',
        'in',
        eb
          .selectFrom('record_tags')
          .select('record_id')
          .where('workspace_id', '=', workspaceId)
          .where('entity', '=', 'contact')
          .where('tag', '=', String(v)),
      );
      return rule.operator === 'has' ? tagged : negate(tagged);
    }
    case 'source':
      return rule.operator === 'is'
        ? eb('contacts.source', '=', String(v))
        : sql<SqlBool>`lower(contacts.source) like ${like(v)} escape '\\'`;
    case 'owner':
      if (rule.operator === 'exists') return eb('contacts.owner_id', 'is not', null);
      if (rule.operator === 'not_exists') return eb('contacts.owner_id', 'is', null);
      return rule.operator === 'is'
        ? eb('contacts.owner_id', '=', String(v))
        : eb.or([eb('contacts.owner_id', '!=', String(v)), eb('contacts.owner_id', 'is', null)]);
    case 'name':
      return sql<SqlBool>`lower(contacts.name) like ${like(v)} escape '\\'`;
    case 'email':
      if (rule.operator === 'exists') return eb('contacts.email', 'is not', null);
      if (rule.operator === 'not_exists') return eb('contacts.email', 'is', null);
      return eb.exists(
        eb
          .selectFrom('contact_identities')
          .select('id')
          .whereRef('contact_identities.contact_id', '=', 'contacts.id')
          .where('kind', '=', 'email')
          .where(sql<SqlBool>`value like ${like(v)} escape '\\'`),
      );
    case 'company': {
      const linked = eb
        .selectFrom('contact_companies')
        .select('contact_id')
        .whereRef('contact_companies.contact_id', '=', 'contacts.id');
      if (rule.operator === 'exists') return eb.exists(linked);
      if (rule.operator === 'not_exists') return negate(eb.exists(linked));
      return eb.exists(linked.where('contact_companies.company_id', '=', String(v)));
    }
    case 'createdAt':
      if (rule.operator === 'within_days') return eb('contacts.created_at', '>=', now - Number(v) * DAY);
      return eb('contacts.created_at', rule.operator === 'before' ? '<' : '>=', Date.parse(String(v)));
    case 'lastContactAt': {
      const recent = eb.exists(
        eb
          .selectFrom('conversations')
          .select('conversations.id')
          .whereRef('conversations.contact_id', '=', 'contacts.id')
          .where('conversations.last_message_at', '>=', now - Number(v) * DAY),
      );
      return rule.operator === 'within_days' ? recent : negate(recent);
    }
    case 'conversations': {
      const count = eb
        .selectFrom('conversations')
        .select((c) => c.fn.countAll<number>().as('n'))
        .whereRef('conversations.contact_id', '=', 'contacts.id');
      return eb(count, rule.operator === 'gt' ? '>' : '<', Number(v));
    }
    case 'channel': {
      const used = eb.exists(
        eb
          .selectFrom('conversations')
          .select('conversations.id')
          .whereRef('conversations.contact_id', '=', 'contacts.id')
          .where('conversations.channel', '=', String(v)),
      );
      return rule.operator === 'has' ? used : negate(used);
    }
    case 'npsGroup': {
      // The latest NPS answer decides: someone who was a detractor and now promotes is a promoter.
      const latest = eb
        .selectFrom('survey_responses')
        .select('survey_responses.nps')
        .whereRef('survey_responses.contact_id', '=', 'contacts.id')
        .where('survey_responses.nps', 'is not', null)
        .orderBy('survey_responses.submitted_at', 'desc')
        .limit(1);
      const [low, high] = v === 'promoter' ? [9, 10] : v === 'passive' ? [7, 8] : [0, 6];
      const inGroup = eb.and([eb(latest, '>=', low), eb(latest, '<=', high)]);
      return rule.operator === 'is' ? inGroup : eb.or([negate(inGroup), eb(latest, 'is', null)]);
    }
    case 'unhappyAnswer': {
      const unhappy = eb.exists(
        eb
          .selectFrom('survey_responses')
          .select('survey_responses.id')
          .whereRef('survey_responses.contact_id', '=', 'contacts.id')
          .where('survey_responses.detractor', '=', 1)
          .where('survey_responses.submitted_at', '>=', now - Number(v) * DAY),
      );
      return rule.operator === 'within_days' ? unhappy : negate(unhappy);
    }
    case 'consent': {
      const optedOut = eb.exists(
        eb
          .selectFrom('consents')
          .select('consents.contact_id')
          .whereRef('consents.contact_id', '=', 'contacts.id')
          .where('consents.purpose', '=', String(v))
          .where('consents.decision', '=', 'revoked'),
      );
      return rule.operator === 'has' ? negate(optedOut) : optedOut;
    }
    case 'totalSpent':
      return eb('contacts.total_spent', rule.operator === 'gt' ? '>' : '<', Number(v));
  }
}

export function segmentCondition(definition: SegmentDefinition, workspaceId: string, now = Date.now()) {
  return (eb: EB): Expression<SqlBool> => {
    const parts = definition.rules.map((rule) => condition(eb, rule, workspaceId, now));
    // Contacts blocked by a privacy request belong to no segment: segments feed campaigns and surveys.
    return eb.and([
      eb('contacts.privacy_blocked_at', 'is', null),
      definition.match === 'all' ? eb.and(parts) : eb.or(parts),
    ]);
  };
}
