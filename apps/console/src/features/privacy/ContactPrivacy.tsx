// A contact's privacy: consent per purpose (agents record grants and opt-outs), their ARCO requests, and for owners
// and admins the export of everything held about them and the two-step cancellation (block, then erase).
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { Contact, ContactPrivacy as Privacy, ConsentState } from '@atiende/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api';
import { can, useSession } from '../../session';
import { RequestForm, privacyChannels } from './RequestForm';
import { RequestsTable } from './RequestsTable';
import { privacyApi, privacyFiles } from './api';
import { localeOf } from '../../locale';

export function ContactPrivacy({ contact }: { contact: Contact }) {
  const { t, i18n } = useTranslation();
  const session = useSession().data!;
  const isAdmin = can(session, 'admin');
  const canWrite = can(session, 'agent');
  const [consentFor, setConsentFor] = useState<{ purpose: ConsentState; decision: 'granted' | 'revoked' } | null>(null);
  const [logging, setLogging] = useState(false);
  const privacy = useQuery({
    queryKey: ['contact-privacy', contact.id],
    queryFn: () => privacyApi.getContactPrivacy<Privacy>(contact.id),
  });
  if (privacy.isPending)
    return (
      <Text size="sm" c="dimmed">
        …
      </Text>
    );
  if (privacy.isError) return <Alert color="red">{privacy.error.message}</Alert>;
  const p = privacy.data;
  const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString(localeOf(i18n.language)) : '');
  const purposeName = (key: string) => p.consents.find((c) => c.purpose === key)?.name ?? key;

  return (
    <Stack data-testid="contact-privacy">
      {p.noticeVersion === null ? (
        <Alert color="yellow">
          {t('privacy.noNotice')}{' '}
          {isAdmin && (
            <Anchor component={Link} to="/privacy/notice">
              {t('privacy.writeNotice')}
            </Anchor>
          )}
        </Alert>
      ) : (
        <Paper withBorder p="sm">
          <Title order={5} mb="xs">
            {t('privacy.consents')}
          </Title>
          <Table>
            <Table.Tbody>
              {p.consents.map((c) => (
                <Table.Tr key={c.purpose} data-testid={`consent-${c.purpose}`}>
                  <Table.Td>
                    <Text size="sm">{c.name}</Text>
                    <Text size="xs" c="dimmed">
                      {t(`privacy.notice.kinds.${c.kind}`)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={c.decision === 'revoked' ? 'red' : c.decision === 'granted' ? 'green' : 'gray'}
                    >
                      {t(`privacy.state.${c.decision ?? 'tacit'}`)}
                    </Badge>
                    {c.since && (
                      <Text size="xs" c="dimmed">
                        {t('privacy.since', { date: day(c.since) })}
                      </Text>
                    )}
                  </Table.Td>
                  {canWrite && !p.blockedAt && (
                    <Table.Td>
                      <Group gap="xs" justify="flex-end">
                        {c.decision !== 'granted' && (
                          <Button
                            size="compact-xs"
                            variant="light"
                            onClick={() => setConsentFor({ purpose: c, decision: 'granted' })}
                          >
                            {t('privacy.grant')}
                          </Button>
                        )}
                        {c.decision !== 'revoked' && (
                          <Button
                            size="compact-xs"
                            variant="light"
                            color="red"
                            onClick={() => setConsentFor({ purpose: c, decision: 'revoked' })}
                          >
                            {t('privacy.revoke')}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="sm" fw={500} mt="sm">
            {t('privacy.history')}
          </Text>
          {p.history.length === 0 ? (
            <Text size="xs" c="dimmed">
              {t('privacy.noHistory')}
            </Text>
          ) : (
            p.history.slice(0, 20).map((h) => (
              <Text key={h.id} size="xs" c="dimmed">
                {new Date(h.recordedAt).toLocaleString(localeOf(i18n.language))} ·{' '}
                {t('privacy.historyLine', {
                  decision: t(`privacy.state.${h.decision}`),
                  purpose: purposeName(h.purpose),
                  channel: t(`privacy.channels.${h.channel}`),
                  version: h.noticeVersion,
                })}
                {h.evidence ? ` · ${h.evidence}` : ''}
              </Text>
            ))
          )}
        </Paper>
      )}

      <Paper withBorder p="sm">
        <Group justify="space-between" mb="xs">
          <Title order={5}>{t('privacy.requests')}</Title>
          {canWrite && (
            <Button size="xs" variant="light" onClick={() => setLogging(true)}>
              {t('privacy.logRequest')}
            </Button>
          )}
        </Group>
        <RequestsTable requests={p.requests} canManage={isAdmin} showContact={false} />
      </Paper>

      {isAdmin && <Cancellation contact={contact} privacy={p} />}

      <Modal
        opened={consentFor !== null}
        onClose={() => setConsentFor(null)}
        title={
          consentFor
            ? `${t(consentFor.decision === 'granted' ? 'privacy.grant' : 'privacy.revoke')}: ${consentFor.purpose.name}`
            : ''
        }
      >
        {consentFor && (
          <ConsentForm
            contactId={contact.id}
            purpose={consentFor.purpose.purpose}
            decision={consentFor.decision}
            onDone={() => setConsentFor(null)}
          />
        )}
      </Modal>
      <Modal opened={logging} onClose={() => setLogging(false)} title={t('privacy.logRequest')} size="lg">
        <RequestForm
          contact={{ id: contact.id, name: contact.name, email: contact.email }}
          onDone={() => setLogging(false)}
        />
      </Modal>
    </Stack>
  );
}

function ConsentForm({
  contactId,
  purpose,
  decision,
  onDone,
}: {
  contactId: string;
  purpose: string;
  decision: 'granted' | 'revoked';
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [channel, setChannel] = useState<string>('whatsapp');
  const [evidence, setEvidence] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const record = async () => {
    setBusy(true);
    setError(null);
    try {
      const saved = await privacyApi.recordConsent<Privacy>(contactId, {
        purpose,
        decision,
        channel,
        evidence: evidence || null,
      });
      client.setQueryData(['contact-privacy', contactId], saved);
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="sm">
      {error && <Alert color="red">{error}</Alert>}
      <Select
        label={t('privacy.channel')}
        allowDeselect={false}
        data={privacyChannels.map((c) => ({ value: c, label: t(`privacy.channels.${c}`) }))}
        value={channel}
        onChange={(v) => v && setChannel(v)}
      />
      <TextInput
        label={t('privacy.evidence')}
        description={t('privacy.evidenceHelp')}
        value={evidence}
        onChange={(e) => setEvidence(e.currentTarget.value)}
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('privacy.cancel')}
        </Button>
        <Button onClick={record} loading={busy} color={decision === 'revoked' ? 'red' : undefined}>
          {t('privacy.record')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Export (access), block (cancellation step 1), unblock, erase (step 2). */
function Cancellation({ contact, privacy }: { contact: Contact; privacy: Privacy }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [step, setStep] = useState<'block' | 'erase' | null>(null);
  const [days, setDays] = useState<number | ''>('');
  const [confirmName, setConfirmName] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['contact', contact.id] });
    void client.invalidateQueries({ queryKey: ['contact-privacy', contact.id] });
    void client.invalidateQueries({ queryKey: ['contacts'] });
  };
  const act = async (work: () => Promise<unknown>, after: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      after();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'internal_error', String(e)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="sm">
      <Stack gap="sm">
        <Group>
          <Button component="a" variant="light" href={privacyFiles.contactExport(contact.id)} download>
            {t('privacy.export')}
          </Button>
          {!privacy.blockedAt && (
            <Button variant="light" color="orange" onClick={() => setStep('block')}>
              {t('privacy.block')}
            </Button>
          )}
          {privacy.blockedAt && (
            <Button
              variant="default"
              loading={busy && step === null}
              onClick={() => act(() => privacyApi.unblockContact(contact.id), refresh)}
            >
              {t('privacy.unblock')}
            </Button>
          )}
          {privacy.blockedAt && (
            <Button color="red" onClick={() => setStep('erase')}>
              {t('privacy.erase')}
            </Button>
          )}
        </Group>
        {privacy.blockedAt && privacy.eraseAt && (
          <Text size="sm">
            {t('privacy.eraseScheduled', {
              date: new Date(privacy.eraseAt).toLocaleDateString(localeOf(i18n.language)),
            })}
          </Text>
        )}
        {error && step === null && <Alert color="red">{error.message}</Alert>}
      </Stack>
      <Modal opened={step === 'block'} onClose={() => setStep(null)} title={t('privacy.block')}>
        <Stack gap="sm">
          <Text size="sm">{t('privacy.blockHelp')}</Text>
          {error && <Alert color="red">{error.message}</Alert>}
          <NumberInput
            label={t('privacy.eraseAfterDays')}
            description={t('privacy.eraseAfterDaysHelp')}
            min={0}
            max={3650}
            value={days}
            onChange={(v) => setDays(v === '' ? '' : Number(v))}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setStep(null)}>
              {t('privacy.cancel')}
            </Button>
            <Button
              color="orange"
              loading={busy}
              onClick={() =>
                act(
                  () =>
                    privacyApi.blockContact(contact.id, {
                      eraseAfterDays: days === '' ? null : days,
                    }),
                  () => {
                    setStep(null);
                    refresh();
                  },
                )
              }
            >
              {t('privacy.confirmBlock')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={step === 'erase'} onClose={() => setStep(null)} title={t('privacy.erase')}>
        <Stack gap="sm">
          <Text size="sm">{t('privacy.eraseHelp')}</Text>
          {error && (
            <Alert color="red">{error.fields.find((f) => f.path === 'confirmName')?.message ?? error.message}</Alert>
          )}
          <TextInput
            label={t('privacy.confirmName', { name: contact.name })}
            value={confirmName}
            onChange={(e) => setConfirmName(e.currentTarget.value)}
            data-testid="erase-confirm"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setStep(null)}>
              {t('privacy.cancel')}
            </Button>
            <Button
              color="red"
              loading={busy}
              onClick={() =>
                act(
                  () => privacyApi.eraseContact(contact.id, { confirmName }),
                  () => {
                    client.removeQueries({ queryKey: ['contact', contact.id] });
                    void client.invalidateQueries({ queryKey: ['contacts'] });
                    void navigate('/privacy/blocked', { state: { erased: contact.name } });
                  },
                )
              }
            >
              {t('privacy.confirmErase')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
