// Buyer personas: how many customers fit each one, and the form that defines them.
import {
  Alert,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  ScrollArea,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import type { Persona, PersonaCriteria } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useSession } from '../../session';
import { personasApi, usePersonas } from './api';

const traits = [
  'demanding',
  'tolerant',
  'empathetic',
  'helpful',
  'loyal',
  'price_sensitive',
  'detail_oriented',
  'impatient',
] as const;
const channels = ['whatsapp', 'email', 'phone', 'webchat', 'visit'] as const;
const bands = ['micro', 'small', 'medium', 'large'] as const;
const empty: PersonaCriteria = {
  demographics: { ageMin: null, ageMax: null, womenPercent: null },
  socioeconomics: { income: null, education: null, occupation: null, locations: [], household: null },
  psychographics: { traits: [], interests: [], media: [], anxieties: [] },
  business: { industries: [], sizeBands: [] },
  preferences: { channels: [] },
};

export function PersonasPage() {
  const { t } = useTranslation();
  const session = useSession().data!;
  const personas = usePersonas();
  const report = useQuery({
    queryKey: ['personas', 'report'],
    queryFn: () => personasApi.getPersonaReport(),
  });
  const [editing, setEditing] = useState<Persona | 'new' | null>(null);
  const count = (id: string | null) => report.data?.find((r) => r.personaId === id)?.customers ?? 0;
  return (
    <ScrollArea h="100%">
      <Stack p="md" maw={1000}>
        <Group justify="space-between">
          <Title order={3}>{t('personas.title')}</Title>
          {can(session, 'admin') && <Button onClick={() => setEditing('new')}>{t('personas.new')}</Button>}
        </Group>
        <Text size="sm" c="dimmed">
          {t('personas.intro')}
        </Text>
        {editing && <PersonaForm persona={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />}
        {personas.data?.map((p) => (
          <Paper key={p.id} withBorder p="md" data-testid="persona">
            <Group justify="space-between">
              <Stack gap={2}>
                <Text fw={600}>{p.name}</Text>
                {p.description && (
                  <Text size="sm" c="dimmed">
                    {p.description}
                  </Text>
                )}
              </Stack>
              <Group>
                <Text size="sm" fw={600}>
                  {t('personas.customers', { count: count(p.id) })}
                </Text>
                {can(session, 'admin') && (
                  <Button size="xs" variant="light" onClick={() => setEditing(p)}>
                    {t('customers.edit')}
                  </Button>
                )}
              </Group>
            </Group>
          </Paper>
        ))}
        {report.data && (
          <Text size="sm" c="dimmed">
            {t('personas.noFit')}: {count(null)}
          </Text>
        )}
      </Stack>
    </ScrollArea>
  );
}

function PersonaForm({ persona, onDone }: { persona?: Persona; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState(persona?.name ?? '');
  const [description, setDescription] = useState(persona?.description ?? '');
  const [c, setC] = useState<PersonaCriteria>(persona?.criteria ?? empty);
  const set = <K extends keyof PersonaCriteria>(section: K, patch: Partial<PersonaCriteria[K]>) =>
    setC({ ...c, [section]: { ...c[section], ...patch } });
  const save = useMutation({
    mutationFn: () =>
      personasApi.savePersona(persona?.id ?? null, {
        name,
        description: description || null,
        criteria: c,
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['personas'] });
      onDone();
    },
  });
  const remove = useMutation({
    mutationFn: () => personasApi.deletePersona(persona!.id),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['personas'] });
      onDone();
    },
  });
  const num = (v: string | number) => (v === '' ? null : Number(v));
  return (
    <Paper withBorder p="md">
      <Stack>
        <TextInput label={t('personas.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Textarea
          label={t('personas.description')}
          autosize
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        <Title order={6}>{t('personas.demographics')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput
            label={t('personas.ageMin')}
            min={0}
            max={120}
            value={c.demographics.ageMin ?? ''}
            onChange={(v) => set('demographics', { ageMin: num(v) })}
          />
          <NumberInput
            label={t('personas.ageMax')}
            min={0}
            max={120}
            value={c.demographics.ageMax ?? ''}
            onChange={(v) => set('demographics', { ageMax: num(v) })}
          />
          <NumberInput
            label={t('personas.womenPercent')}
            min={0}
            max={100}
            value={c.demographics.womenPercent ?? ''}
            onChange={(v) => set('demographics', { womenPercent: num(v) })}
          />
        </SimpleGrid>
        <Title order={6}>{t('personas.socioeconomics')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('personas.income')}
            value={c.socioeconomics.income ?? ''}
            onChange={(e) => set('socioeconomics', { income: e.currentTarget.value || null })}
          />
          <TextInput
            label={t('personas.education')}
            value={c.socioeconomics.education ?? ''}
            onChange={(e) => set('socioeconomics', { education: e.currentTarget.value || null })}
          />
          <TextInput
            label={t('personas.occupation')}
            value={c.socioeconomics.occupation ?? ''}
            onChange={(e) => set('socioeconomics', { occupation: e.currentTarget.value || null })}
          />
          <TextInput
            label={t('personas.household')}
            value={c.socioeconomics.household ?? ''}
            onChange={(e) => set('socioeconomics', { household: e.currentTarget.value || null })}
          />
        </SimpleGrid>
        <TagsInput
          label={t('personas.locations')}
          value={c.socioeconomics.locations}
          onChange={(v) => set('socioeconomics', { locations: v })}
        />
        <Title order={6}>{t('personas.psychographics')}</Title>
        <MultiSelect
          label={t('customers.fields.traits')}
          data={traits.map((x) => ({ value: x, label: t(`customers.traits.${x}`) }))}
          value={c.psychographics.traits}
          onChange={(v) => set('psychographics', { traits: v })}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TagsInput
            label={t('personas.interests')}
            value={c.psychographics.interests}
            onChange={(v) => set('psychographics', { interests: v })}
          />
          <TagsInput
            label={t('personas.media')}
            value={c.psychographics.media}
            onChange={(v) => set('psychographics', { media: v })}
          />
          <TagsInput
            label={t('personas.anxieties')}
            value={c.psychographics.anxieties}
            onChange={(v) => set('psychographics', { anxieties: v })}
          />
        </SimpleGrid>
        <Title order={6}>{t('personas.business')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TagsInput
            label={t('personas.industries')}
            value={c.business.industries}
            onChange={(v) => set('business', { industries: v })}
          />
          <MultiSelect
            label={t('personas.sizeBands')}
            data={bands.map((b) => ({ value: b, label: t(`customers.sizeBands.${b}`) }))}
            value={c.business.sizeBands}
            onChange={(v) => set('business', { sizeBands: v })}
          />
          <MultiSelect
            label={t('personas.channels')}
            data={channels.map((ch) => ({ value: ch, label: t(`channels.${ch}`) }))}
            value={c.preferences.channels}
            onChange={(v) => set('preferences', { channels: v })}
          />
        </SimpleGrid>
        {(save.error ?? remove.error) && <Alert color="red">{(save.error ?? remove.error)!.message}</Alert>}
        <Group>
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!name.trim()}>
            {t('personas.save')}
          </Button>
          <Button variant="subtle" onClick={onDone}>
            {t('customers.cancel')}
          </Button>
          {persona && (
            <Button variant="subtle" color="red" onClick={() => remove.mutate()}>
              {t('personas.delete')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
