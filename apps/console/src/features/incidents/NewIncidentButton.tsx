// "Record incident" from a conversation or a contact. The form loads when opened, keeping the inbox's first load small;
// the server fills in who, when, the channel and the customer's words.
import { Button, Loader, Modal } from '@mantine/core';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

const IncidentForm = lazy(() => import('./IncidentForm').then((m) => ({ default: m.IncidentForm })));

export function NewIncidentButton({
  conversationId,
  contactId,
  size = 'xs',
}: {
  conversationId?: string;
  contactId?: string;
  size?: 'xs' | 'sm';
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  return (
    <>
      <Button size={size} variant="light" color="orange" onClick={() => setOpen(true)}>
        {t('incidents.record')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('incidents.record')} size="lg">
        {open && (
          <Suspense fallback={<Loader size="sm" />}>
            <IncidentForm
              conversationId={conversationId}
              contactId={contactId}
              onDone={(incident) => {
                setOpen(false);
                if (incident) void navigate(`/incidents/${incident.id}`);
              }}
            />
          </Suspense>
        )}
      </Modal>
    </>
  );
}
