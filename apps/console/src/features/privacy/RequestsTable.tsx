// ARCO requests with their deadlines; an admin opens one to move it along and write the answer.
import { Alert, Anchor, Badge, Button, Group, Modal, Select, Stack, Table, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { PrivacyRequest } from '@atiende/contract';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSubmit } from '../auth/useApiForm';
import { privacyApi } from './api';
import { localeOf } from '../../locale';

const statuses = ['received', 'in_progress', 'answered', 'rejected'] as const;

export function RequestsTable({
  requests,
  canManage,
  showContact = true,
}: {
  requests: PrivacyRequest[];
  canManage: boolean;
  showContact?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<PrivacyRequest | null>(null);
  const day = (iso: string | null) =>
    iso
      ? new Date(iso).toLocaleDateString(localeOf(i18n.language), { day: 'numeric', month: 'short', year: 'numeric' })
      : '';
  if (!requests.length)
    return (
      <Text size="sm" c="dimmed">
        {t('privacy.noRequests')}
      </Text>
    );
  return (
    <>
      <Table striped highlightOnHover data-testid="privacy-requests">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('privacy.receivedAt')}</Table.Th>
            <Table.Th>{t('privacy.kind')}</Table.Th>
            <Table.Th>{t('privacy.requesterName')}</Table.Th>
            {showContact && <Table.Th>{t('privacy.contact')}</Table.Th>}
            <Table.Th>{t('privacy.dueAt')}</Table.Th>
            <Table.Th>{t('privacy.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {requests.map((r) => (
            <Table.Tr
              key={r.id}
              onClick={canManage ? () => setOpen(r) : undefined}
              style={canManage ? { cursor: 'pointer' } : undefined}
            >
              <Table.Td>{day(r.receivedAt)}</Table.Td>
              <Table.Td>{t(`privacy.kinds.${r.kind}`)}</Table.Td>
              <Table.Td>{r.requesterName}</Table.Td>
              {showContact && (
                <Table.Td>
                  {r.contactId ? (
                    <Anchor component={Link} to={`/contacts/${r.contactId}`} onClick={(e) => e.stopPropagation()}>
                      {r.contactName}
                    </Anchor>
                  ) : (
                    '—'
                  )}
                </Table.Td>
              )}
              <Table.Td>
                <Group gap={6}>
                  <Text size="sm">{day(r.answeredAt ? r.effectiveDueAt : r.dueAt)}</Text>
                  {r.overdue && (
                    <Badge color="red" size="sm">
                      {t('privacy.overdue')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Badge
                  variant="light"
                  color={r.status === 'answered' ? 'green' : r.status === 'rejected' ? 'gray' : 'blue'}
                >
                  {t(`privacy.statuses.${r.status}`)}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal
        opened={open !== null}
        onClose={() => setOpen(null)}
        title={open ? `${t(`privacy.kinds.${open.kind}`)} · ${open.requesterName}` : ''}
        size="lg"
      >
        {open && <RequestEditor request={open} onDone={() => setOpen(null)} />}
      </Modal>
    </>
  );
}

function RequestEditor({ request, onDone }: { request: PrivacyRequest; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const form = useForm({ initialValues: { status: request.status, response: request.response ?? '' } });
  const { submit, error, busy } = useSubmit(form, async (v) => {
    await privacyApi.updateRequest(request.id, {
      status: v.status,
      response: v.response || null,
    });
    void client.invalidateQueries({ queryKey: ['privacy-requests'] });
    void client.invalidateQueries({ queryKey: ['contact-privacy'] });
    onDone();
  });
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(localeOf(i18n.language)) : '—');
  return (
    <form onSubmit={form.onSubmit(submit)}>
      <Stack gap="sm">
        {error && <Alert color="red">{error}</Alert>}
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {request.details}
        </Text>
        <Text size="sm" c="dimmed">
          {t('privacy.receivedAt')}: {when(request.receivedAt)} · {t(`privacy.channels.${request.channel}`)}
          {request.requesterEmail ? ` · ${request.requesterEmail}` : ''}
        </Text>
        <Text size="sm" c={request.overdue ? 'red' : undefined}>
          {t('privacy.dueAt')}: {when(request.dueAt)}
        </Text>
        {request.effectiveDueAt && (
          <Text size="sm">
            {t('privacy.effectiveDueAt')}: {when(request.effectiveDueAt)}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t('privacy.dueHelp')}
        </Text>
        <Select
          label={t('privacy.status')}
          allowDeselect={false}
          data={statuses.map((s) => ({ value: s, label: t(`privacy.statuses.${s}`) }))}
          {...form.getInputProps('status')}
        />
        <Textarea
          label={t('privacy.response')}
          description={t('privacy.responseHelp')}
          autosize
          minRows={3}
          {...form.getInputProps('response')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('privacy.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('privacy.update')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
