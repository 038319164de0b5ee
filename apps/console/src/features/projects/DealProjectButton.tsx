// On a won deal: open its project (made from the deal the first time, with the customer's requirements), or go to
// the one already made.
import './projects-i18n';
import { Alert, Button } from '@mantine/core';
import type { Project, ProjectPage } from '@atiende/contract';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, describeError } from '../../api';

export function DealProjectButton({ dealId, canWrite }: { dealId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const existing = useQuery({
    queryKey: ['projects', 'deal', dealId],
    queryFn: () => api<ProjectPage>('GET', `/api/projects?dealId=${dealId}&limit=1`),
  });
  const create = useMutation({
    mutationFn: () => api<Project>('POST', '/api/projects', { dealId }),
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
