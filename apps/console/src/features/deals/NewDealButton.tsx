// "New deal" from a conversation, a contact or a company: the form opens with the customer and where the lead came
// from already filled in. It loads when opened, keeping the inbox's first load small.
import { Button, Loader, Modal } from '@mantine/core';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormState } from './DealForm';

const QuickDealForm = lazy(() => import('./QuickDealForm').then((m) => ({ default: m.QuickDealForm })));

export function NewDealButton({
  initial,
  size = 'xs',
  onCreated,
}: {
  initial: Partial<FormState>;
  size?: 'xs' | 'sm';
  onCreated?: () => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size={size} variant="light" color="green" onClick={() => setOpen(true)}>
        {t('customers.newDeal')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('customers.newDeal')} size="lg">
        {open && (
          <Suspense fallback={<Loader size="sm" />}>
            <QuickDealForm initial={initial} onDone={(created) => (setOpen(false), created && onCreated?.())} />
          </Suspense>
        )}
      </Modal>
    </>
  );
}
