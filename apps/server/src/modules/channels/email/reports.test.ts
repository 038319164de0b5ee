// Mail machines write, read from fixtures written after RFC 3464, 3834 and 8098 and the shapes common servers send.
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures/fixture.js';
import { machineMail } from './reports.js';

const OURS = '<01HZX4K2M9Q8.4f1c2a9e0b7d6c5e4f3a2b1c@acme.test>';
const classify = async (name: string) => {
  const raw = fixture(name, OURS);
  return machineMail(raw, await simpleParser(raw), ['soporte@acme.test']);
};

describe('mail written by machines', () => {
  it('reads RFC 3464 delivery reports: who, what status, hard or soft, and which of our mails', async () => {
    expect(await classify('dsn-postfix-hard.eml')).toMatchObject({
      kind: 'bounce',
      action: 'failed',
      severity: 'hard',
      recipients: ['rosa@paloma.mx'],
      status: '5.1.1',
      originalIds: [OURS],
    });
    expect(await classify('dsn-postfix-hard.eml')).toMatchObject({
      reason: expect.stringContaining('User unknown in virtual mailbox table'),
    });
    expect(await classify('dsn-gmail-hard.eml')).toMatchObject({
      kind: 'bounce',
      severity: 'hard',
      recipients: ['contabilidad@ferreteria-lopez.mx'],
      status: '5.1.1',
      originalIds: [OURS],
    });
    expect(await classify('dsn-exchange-hard.eml')).toMatchObject({
      kind: 'bounce',
      severity: 'hard',
      recipients: ['compras@maquinados-norte.mx'],
      status: '5.1.10',
      originalIds: [OURS],
    });
    // A full mailbox is a soft bounce: the address exists.
    expect(await classify('dsn-ses-soft.eml')).toMatchObject({
      kind: 'bounce',
      action: 'failed',
      severity: 'soft',
      recipients: ['ventas@tornilleria-sol.mx'],
      status: '5.2.2',
      originalIds: [OURS],
    });
    expect(await classify('dsn-delayed.eml')).toMatchObject({
      kind: 'bounce',
      action: 'delayed',
      severity: 'soft',
      status: '4.4.1',
      originalIds: [OURS],
    });
  });

  it('reads the plain-text bounces qmail and Exim send', async () => {
    expect(await classify('bounce-qmail.eml')).toMatchObject({
      kind: 'bounce',
      action: 'failed',
      severity: 'hard',
      recipients: ['pagos@hosting-barato.mx'],
      status: '5.1.1',
      originalIds: [OURS],
    });
    expect(await classify('bounce-exim.eml')).toMatchObject({
      kind: 'bounce',
      action: 'failed',
      severity: 'hard',
      recipients: ['gerencia@grupo-acero.mx'],
      status: '5.1.1',
      originalIds: [OURS],
    });
  });

  it('reads read receipts (RFC 8098) and automatic replies (RFC 3834, Exchange, out-of-office subjects)', async () => {
    expect(await classify('mdn-displayed.eml')).toEqual({
      kind: 'receipt',
      disposition: 'displayed',
      originalIds: [OURS],
    });
    expect(await classify('auto-reply-rfc3834.eml')).toMatchObject({ kind: 'auto_reply' });
    expect(await classify('auto-reply-outlook.eml')).toMatchObject({ kind: 'auto_reply' });
    expect(await classify('auto-reply-subject.eml')).toMatchObject({ kind: 'auto_reply', why: 'subject' });
  });

  it('leaves what people write alone, even when it talks about failures', async () => {
    for (const name of ['forwarded-plain.eml', 'watch-alternative.eml']) expect(await classify(name)).toBeNull();
    const person = Buffer.from(
      'From: Pedro <pedro@taller.mx>\r\nTo: soporte@acme.test\r\nSubject: Undelivered parts, order 55\r\nAuto-Submitted: no\r\n\r\nThe parts were not delivered.\r\n',
    );
    expect(machineMail(person, await simpleParser(person))).toBeNull();
  });
});
