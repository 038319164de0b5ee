// How well a customer fits a persona: each criterion the persona sets and the customer has data for counts once;
// the score is the share that matches, with every comparison listed as a reason. Too little data gives no score.
import type { PersonaCriteria, PersonaFit } from '@atiende/contract';
import { fold } from '../../platform/search.js';

export interface CustomerFacts {
  traits: string[];
  interests: string[];
  channels: string[];
  industries: string[];
  sizeBands: string[];
  places: string[];
}

const MIN_COMPARED = 2;
const overlap = (wanted: string[], have: string[]) => {
  const folded = have.map(fold);
  return wanted.filter((w) => folded.some((h) => h.includes(fold(w)) || fold(w).includes(h)));
};

export function fitScore(
  persona: { id: string; name: string; criteria: PersonaCriteria },
  facts: CustomerFacts,
): PersonaFit & { compared: number } {
  const c = persona.criteria;
  const reasons: PersonaFit['reasons'] = [];
  const compare = (criterion: string, wanted: string[], have: string[]) => {
    if (wanted.length === 0 || have.length === 0) return;
    const hits = overlap(wanted, have);
    reasons.push({ criterion, value: (hits.length ? hits : have).join(', '), matched: hits.length > 0 });
  };
  compare('traits', c.psychographics.traits, facts.traits);
  compare('interests', c.psychographics.interests, facts.interests);
  compare('channels', c.preferences.channels, facts.channels);
  compare('industries', c.business.industries, facts.industries);
  compare('sizeBands', c.business.sizeBands, facts.sizeBands);
  compare('locations', c.socioeconomics.locations, facts.places);
  const compared = reasons.length;
  const matched = reasons.filter((r) => r.matched).length;
  return {
    personaId: persona.id,
    name: persona.name,
    score: compared >= MIN_COMPARED ? Math.round((100 * matched) / compared) : 0,
    reasons,
    compared,
  };
}
