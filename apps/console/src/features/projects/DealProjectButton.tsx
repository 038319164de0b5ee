// On a won deal: open its project (made from the deal the first time, with the customer's requirements), or go to
// the one already made.
import './projects-i18n';
import { Alert, Button } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { describeError } from '../../api';
import { projectsApi } from './api';

export function DealProjectButton({ dealId, canWrite }: { dealId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const existing = useQuery({
    queryKey: ['projects', 'deal', dealId],
    queryFn: () => projectsApi.projectsOfDeal(dealId),
  });
  const create = useMutation({
    mutationFn: () => projectsApi.createProject({ dealId }),
    onSuccess: (p) => void navigate(`/projects/${p.id}`),
  });
  const project = existing.data?.items[0];
  if (project)
    return (
      <Button variant="light" onClick={() => void navigate(`/projects/${project.id}`)}>
        {t('projects.openProject', { reference: project.reference })}
      </Button>
    );
  if (!canWrite || !existing.data) return null;
  return (
    <>
      <Button variant="light" onClick={() => create.mutate()} loading={create.isPending}>
        {t('projects.fromDeal')}
      </Button>
      {create.error && <Alert color="red">{describeError(create.error)}</Alert>}
    </>
  );
}
