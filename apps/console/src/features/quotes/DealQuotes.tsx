// A deal's quotes inside its form: the list, a new one with the deal's customer, and each one's editor.
import '../deals/sales-i18n';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QuoteEditor } from './QuoteEditor';
import { QuoteList } from './QuotesPage';

export function DealQuotes({ dealId, canWrite }: { dealId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  // An id, or 'new' while creating one.
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Stack gap="xs" data-testid="deal-quotes">
      <Group justify="space-between">
        <Text fw={600} size="sm">
          {t('quotes.dealQuotes')}
        </Text>
        {canWrite && (
          <Button size="xs" variant="light" onClick={() => setOpen('new')}>
            {t('quotes.add')}
          </Button>
        )}
      </Group>
      <QuoteList dealId={dealId} onOpen={setOpen} />
      {open && (
        <Modal opened onClose={() => setOpen(null)} title={t('quotes.name')} size="xl">
          <QuoteEditor
            quoteId={open === 'new' ? null : open}
            dealId={dealId}
            canWrite={canWrite}
            onDone={(q) => setOpen(q ? q.id : null)}
          />
        </Modal>
      )}
    </Stack>
  );
}
