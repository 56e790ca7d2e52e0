import { describe, expect, it } from 'vitest';
import { factsFromAnswers } from '../../../src/cli/wizard/facts-mapping.js';
import { loadWizardText } from '../../../src/cli/wizard/text.js';
import { FactsSchema } from '../../../src/model/facts.js';

const fr = loadWizardText('fr');

describe('answers → case.json facts', () => {
  it('maps every answer of a full wizard run to the facts schema', () => {
    const facts = factsFromAnswers(
      {
        'who.role': 'support-worker',
        'who.name': 'Claire Martin',
        'who.organisation': 'France Victimes 75',
        'complainant.name': 'Sophie Martin',
        'complainant.link': 'guardian',
        'complainant.contact': 'sophie@example.org',
        'victim.firstName': 'Léa',
        'victim.dateOfBirth': '2011-03-14',
        'victim.age': 15,
        'facts.firstContact': '2026-11-02',
        'facts.threats': ['publish', 'send-school'],
        'facts.narrative': 'Récit.',
        'author.0.platform': 'snapchat',
        'author.0.value': 'https://www.snapchat.com/add/inconnu_77',
        'author.0.field': 'profileUrl',
        'author.0.more': true,
        'author.1.platform': 'other',
        'author.1.value': 'Jade M',
        'author.1.field': 'pseudonym',
        'author.1.more': false,
        'demand.0.status': 'demanded',
        'demand.0.amount': 200,
        'demand.0.currency': 'EUR',
        'demand.0.method': 'transfer',
        'demand.0.detail': 'FR76 0000 0000 0000 0000 0000 000',
        'demand.0.date': '2026-11-03',
        'demand.0.more': true,
        'demand.1.status': 'paid',
        'demand.1.amount': null,
        'demand.1.method': 'gift-card',
        'demand.1.detail': 'Steam',
        'demand.1.date': null,
        'demand.1.more': false,
        'steps.taken': ['blocked', '3018'],
        'recipient.kind': 'gendarmerie',
      },
      {},
      fr,
      ['WhatsApp'],
    );
    expect(facts).toEqual({
      victim: { firstName: 'Léa', dateOfBirth: '2011-03-14', ageAtTheTime: 15, isMinor: true },
      complainant: {
        name: 'Sophie Martin',
        linkToVictim: 'le tuteur ou la tutrice',
        email: 'sophie@example.org',
      },
      operator: {
        name: 'Claire Martin',
        organisation: 'France Victimes 75',
        role: 'Un professionnel ou une association qui aide la famille',
      },
      recipient: { kind: 'gendarmerie' },
      firstContactDate: '2026-11-02',
      narrative: 'Récit.',
      threats: [
        { description: 'Publier les images sur Internet' },
        { description: "Les envoyer à l'école ou au club" },
      ],
      authorIdentifiers: [
        { platform: 'Snapchat', profileUrl: 'https://www.snapchat.com/add/inconnu_77' },
        { pseudonym: 'Jade M' },
      ],
      platforms: [{ name: 'Snapchat' }, { name: 'WhatsApp' }],
      payments: [
        {
          date: '2026-11-03',
          amount: 200,
          currency: 'EUR',
          method: 'transfer',
          status: 'demanded',
          iban: 'FR76 0000 0000 0000 0000 0000 000',
        },
        { method: 'gift-card', status: 'paid', giftCardBrand: 'Steam' },
      ],
      stepsTaken: [{ kind: 'blocked' }, { kind: '3018' }],
    });
    expect(FactsSchema.safeParse(facts).success).toBe(true);
  });

  it('keeps facts imported by other means and adds nothing for skipped answers', () => {
    const facts = factsFromAnswers(
      {
        'who.role': 'parent',
        'who.name': 'Sophie Martin',
        'victim.firstName': null,
        'victim.age': null,
        'author.0.platform': 'none',
        'demand.0.status': 'none',
        'recipient.kind': 'unknown',
      },
      { victim: { initials: 'L. M.' }, narrative: 'Imported.' },
      fr,
    );
    expect(facts).toEqual({
      victim: { initials: 'L. M.' },
      narrative: 'Imported.',
      complainant: { name: 'Sophie Martin' },
    });
  });

  it('keeps money demanded and money paid apart; skipped answers (null) record nothing', () => {
    const facts = factsFromAnswers(
      {
        'who.role': null,
        'who.name': null,
        'complainant.link': null,
        'money.demanded': 'yes',
        'demand.0.amountAnswer': '200 €',
        'demand.0.currency': 'EUR',
        'demand.0.amount': 200,
        'demand.0.method': 'pcs',
        'demand.0.date': null,
        'demand.0.more': false,
        'money.paid': 'yes',
        'payment.0.amountAnswer': '50 €',
        'payment.0.currency': 'EUR',
        'payment.0.amount': 50,
        'payment.0.method': 'cash',
        'payment.0.date': '2026-11-28',
        'payment.0.more': false,
        'author.0.platform': null,
        'recipient.kind': null,
      },
      {},
      fr,
    );
    expect(FactsSchema.parse(facts)).toEqual({
      payments: [
        { amount: 200, currency: 'EUR', method: 'pcs', status: 'demanded' },
        { date: '2026-11-28', amount: 50, currency: 'EUR', method: 'cash', status: 'paid' },
      ],
    });
    expect(fr('method.cash')).not.toBe('method.cash');
    expect(loadWizardText('en')('method.cash')).toBe('Cash');
  });

  it('maps the commune, the images sent and the spreading (yes/no only; "je ne sais pas" is no fact)', () => {
    const base = { 'victim.commune': 'Exempleville', 'facts.diffusionWhere': 'sur Instagram' };
    const yes = factsFromAnswers(
      { ...base, 'facts.sentImages': 'yes', 'facts.diffusion': 'yes' },
      {},
      fr,
    );
    expect(yes.victim).toEqual({ commune: 'Exempleville', sentImages: true });
    expect(yes.diffusion).toEqual({ happened: true, where: 'sur Instagram' });
    const no = factsFromAnswers(
      { ...base, 'facts.sentImages': 'no', 'facts.diffusion': 'no' },
      {},
      fr,
    );
    expect(no.victim).toEqual({ commune: 'Exempleville', sentImages: false });
    expect(no.diffusion).toEqual({ happened: false });
    const unknown = factsFromAnswers(
      { 'facts.sentImages': 'unknown', 'facts.diffusion': 'unknown' },
      {},
      fr,
    );
    expect(unknown.victim).toBeUndefined();
    expect(unknown.diffusion).toBeUndefined();
    expect(FactsSchema.safeParse(yes).success).toBe(true);
  });

  it('keeps what the family accepted from the evidence next to what it typed', () => {
    const fromEvidence = {
      phone: '+33600000042',
      exhibits: ['P1'],
      source: 'evidence' as const,
    };
    const demand = {
      amount: 200,
      currency: 'EUR',
      status: 'demanded' as const,
      source: 'evidence' as const,
    };
    const facts = factsFromAnswers(
      {
        'author.0.platform': 'instagram',
        'author.0.value': 'inconnu_77',
        'author.0.field': 'handle',
        'money.demanded': 'evidence',
        'money.paid': 'yes',
        'payment.0.amount': 50,
        'payment.0.currency': 'EUR',
      },
      { authorIdentifiers: [fromEvidence, { handle: 'old typed' }], payments: [demand] },
      fr,
    );
    expect(facts.authorIdentifiers).toEqual([
      fromEvidence,
      { platform: 'Instagram', handle: 'inconnu_77' },
    ]);
    expect(facts.payments).toEqual([demand, { amount: 50, currency: 'EUR', status: 'paid' }]);
  });
});
