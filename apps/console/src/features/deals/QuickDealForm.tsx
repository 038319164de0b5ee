// The deal form on the workspace's first pipeline (or a chosen one), for "New deal" outside the pipeline page.
import './sales-i18n';
import { Select, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DealForm, type FormState } from './DealForm';
import { usePipelines } from './api';

export function QuickDealForm({
  initial,
  onDone,
}: {
  initial: Partial<FormState>;
  onDone: (created: boolean) => void;
}) {
  const { t, i18n } = useTranslation();
  const pipelines = usePipelines();
  const [chosen, setChosen] = useState<string | null>(null);
  const pipeline = pipelines.data?.find((p) => p.id === chosen) ?? pipelines.data?.[0];
  if (!pipeline) return null;
  return (
    <Stack>
      {(pipelines.data?.length ?? 0) > 1 && (
        <Select
          label={t('deals.pipeline')}
          data={pipelines.data!.map((p) => ({ value: p.id, label: p.name }))}
          value={pipeline.id}
          onChange={setChosen}
          allowDeselect={false}
        />
      )}
      <DealForm
        key={pipeline.id}
        pipeline={pipeline}
        dealId={null}
        canWrite
        onDone={(saved) => onDone(Boolean(saved))}
        language={i18n.language}
        initial={initial}
      />
    </Stack>
  );
}
