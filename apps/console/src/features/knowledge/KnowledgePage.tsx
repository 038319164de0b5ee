// The knowledge base: articles to search and filter, what readers told us (searches without result, feedback), the
// categories, and the help center's address.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  ScrollArea,
  Select,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { describeError } from '../../api';
import { can, useSession } from '../../session';
import { knowledgeApi, useHelpCenter, useKbCategories } from './api';
import { localeOf } from '../../locale';

export function KnowledgePage() {
  const { t } = useTranslation();
  const { tab = 'articles' } = useParams();
  const navigate = useNavigate();
  const session = useSession().data!;
  return (
    <ScrollArea h="100%">
      <Stack p="md" maw={1100}>
        <Group justify="space-between">
          <Title order={3}>{t('knowledge.title')}</Title>
          {can(session, 'agent') && (
            <Button component={Link} to="/knowledge/new">
              {t('knowledge.new')}
            </Button>
          )}
        </Group>
        <Tabs
          value={tab}
          onChange={(v) => navigate(v === 'articles' ? '/knowledge' : `/knowledge/tab/${v}`)}
          keepMounted={false}
        >
          <Tabs.List>
            <Tabs.Tab value="articles">{t('knowledge.tabs.articles')}</Tabs.Tab>
            <Tabs.Tab value="insights">{t('knowledge.tabs.insights')}</Tabs.Tab>
            <Tabs.Tab value="settings">{t('knowledge.tabs.settings')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="articles" pt="md">
            <ArticleList />
          </Tabs.Panel>
          <Tabs.Panel value="insights" pt="md">
            <Insights />
          </Tabs.Panel>
          <Tabs.Panel value="settings" pt="md">
            <Settings />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </ScrollArea>
  );
}

function ArticleList() {
  const { t } = useTranslation();
  const categories = useKbCategories();
  const [q, setQ] = useState('');
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [visibility, setVisibility] = useState<string | null>(null);
  const [kind, setKind] = useState<string | null>(null);
  const params = new URLSearchParams({
    limit: '100',
    ...(q.trim() ? { q: q.trim() } : {}),
    ...(categoryId ? { categoryId } : {}),
    ...(visibility ? { visibility } : {}),
    ...(kind ? { kind } : {}),
  });
  const list = useQuery({
    queryKey: ['articles', params.toString()],
    queryFn: () => knowledgeApi.listArticles(params.toString()),
    placeholderData: (p) => p,
  });
  const option = (prefix: string) => (value: string) => ({ value, label: t(`${prefix}.${value}`) });
  return (
    <Stack>
      <Group align="flex-end" gap="xs">
        <TextInput label={t('knowledge.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} w={240} />
        <Select
          label={t('knowledge.category')}
          data={(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          clearable
          placeholder={t('status.all')}
          value={categoryId}
          onChange={setCategoryId}
          w={200}
        />
        <Select
          label={t('knowledge.visibility')}
          data={['internal', 'public'].map(option('knowledge.visibilities'))}
          clearable
          placeholder={t('status.all')}
          value={visibility}
          onChange={setVisibility}
          w={150}
        />
        <Select
          label={t('knowledge.kind')}
          data={['article', 'recurring_problem', 'service_process'].map(option('knowledge.kinds'))}
          clearable
          placeholder={t('status.all')}
          value={kind}
          onChange={setKind}
          w={200}
        />
      </Group>
      <Text size="sm" c="dimmed">
        {t('knowledge.count', { count: list.data?.total ?? 0 })}
      </Text>
      <Table.ScrollContainer minWidth={700}>
        <Table striped highlightOnHover data-testid="articles">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('knowledge.titleLabel')}</Table.Th>
              <Table.Th>{t('knowledge.category')}</Table.Th>
              <Table.Th>{t('knowledge.visibility')}</Table.Th>
              <Table.Th>{t('knowledge.uses')}</Table.Th>
              <Table.Th>{t('knowledge.helpful')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data?.items.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/knowledge/${a.id}`} size="sm">
                    {a.title}
                  </Anchor>
                  <Badge ml="xs" size="xs" variant="outline">
                    {a.language.toUpperCase()}
                  </Badge>
                  {a.status === 'draft' && (
                    <Badge ml="xs" size="xs" color="gray">
                      {t('knowledge.statuses.draft')}
                    </Badge>
                  )}
                  {a.kind !== 'article' && (
                    <Badge ml="xs" size="xs" variant="light" color="grape">
                      {t(`knowledge.kinds.${a.kind}`)}
                    </Badge>
                  )}
                  {a.reviewDue && (
                    <Badge ml="xs" size="xs" color="orange">
                      {t('knowledge.reviewDue')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{a.category?.name ?? '—'}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`knowledge.visibilities.${a.visibility}`)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {a.uses} · {t('knowledge.viewsCount', { count: a.views })}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    👍 {a.helpfulYes} · 👎 {a.helpfulNo}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.data?.items.length === 0 &&
        (q || categoryId || visibility || kind ? (
          <Text c="dimmed">{t('knowledge.none')}</Text>
        ) : (
          // An empty knowledge base says how to start it, not that nothing matches.
          <Stack gap="xs" maw={560} data-testid="knowledge-empty">
            <Text fw={600}>{t('knowledge.emptyTitle')}</Text>
            <Text size="sm" c="gray.7">
              {t('knowledge.emptyBody')}
            </Text>
            <Group gap="xs">
              <Button component={Link} to="/knowledge/new" size="xs">
                {t('knowledge.new')}
              </Button>
            </Group>
          </Stack>
        ))}
    </Stack>
  );
}

function Insights() {
  const { t, i18n } = useTranslation();
  const insights = useQuery({
    queryKey: ['knowledge', 'insights'],
    queryFn: () => knowledgeApi.listKnowledgeInsights(),
  });
  const d = insights.data;
  if (!d) return null;
  return (
    <Stack data-testid="insights">
      {d.reviewDue > 0 && <Alert color="orange">{t('knowledge.reviewDueCount', { count: d.reviewDue })}</Alert>}
      <Paper withBorder p="md">
        <Title order={6}>{t('knowledge.missedSearches')}</Title>
        <Text size="xs" c="dimmed" mb="xs">
          {t('knowledge.missedSearchesHelp')}
        </Text>
        {d.searchesWithoutResult.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('knowledge.nothingYet')}
          </Text>
        ) : (
          d.searchesWithoutResult.map((s) => (
            <Text key={s.query} size="sm">
              “{s.query}” · {t('knowledge.times', { count: s.times })}
            </Text>
          ))
        )}
      </Paper>
      <Paper withBorder p="md">
        <Title order={6} mb="xs">
          {t('knowledge.leastHelpful')}
        </Title>
        {d.leastHelpful.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('knowledge.nothingYet')}
          </Text>
        ) : (
          d.leastHelpful.map((a) => (
            <Text key={a.id} size="sm">
              <Anchor component={Link} to={`/knowledge/${a.id}`}>
                {a.title}
              </Anchor>{' '}
              · 👍 {a.helpfulYes} · 👎 {a.helpfulNo}
            </Text>
          ))
        )}
      </Paper>
      <Paper withBorder p="md">
        <Title order={6} mb="xs">
          {t('knowledge.recentFeedback')}
        </Title>
        {d.recentFeedback.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('knowledge.nothingYet')}
          </Text>
        ) : (
          d.recentFeedback.map((f, n) => (
            <Text key={n} size="sm">
              {f.helpful ? '👍' : '👎'}{' '}
              <Anchor component={Link} to={`/knowledge/${f.articleId}`}>
                {f.title}
              </Anchor>
              {f.comment ? `: “${f.comment}”` : ''}{' '}
              <Text span size="xs" c="dimmed">
                {new Date(f.at).toLocaleDateString(localeOf(i18n.language))}
              </Text>
            </Text>
          ))
        )}
      </Paper>
      <Paper withBorder p="md">
        <Title order={6} mb="xs">
          {t('knowledge.mostUsed')}
        </Title>
        {d.mostUsed.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('knowledge.nothingYet')}
          </Text>
        ) : (
          d.mostUsed.map((a) => (
            <Text key={a.id} size="sm">
              <Anchor component={Link} to={`/knowledge/${a.id}`}>
                {a.title}
              </Anchor>{' '}
              · {t('knowledge.usesCount', { count: a.uses })} · {t('knowledge.viewsCount', { count: a.views })}
            </Text>
          ))
        )}
      </Paper>
    </Stack>
  );
}

function Settings() {
  const { t } = useTranslation();
  const session = useSession().data!;
  const client = useQueryClient();
  const center = useHelpCenter();
  const categories = useKbCategories();
  const [slug, setSlug] = useState<string | null>(null);
  const [title, setTitle] = useState<string | null>(null);
  const [newCategory, setNewCategory] = useState('');
  const admin = can(session, 'admin');
  const save = useMutation({
    mutationFn: (patch: Record<string, unknown>) => knowledgeApi.updateHelpCenter(patch),
    onSuccess: (saved) => {
      client.setQueryData(['help-center'], saved);
      setSlug(null);
      setTitle(null);
    },
  });
  const addCategory = useMutation({
    mutationFn: () => knowledgeApi.createKbCategory({ name: newCategory }),
    onSuccess: () => {
      setNewCategory('');
      void client.invalidateQueries({ queryKey: ['kb-categories'] });
    },
  });
  const removeCategory = useMutation({
    mutationFn: (id: string) => knowledgeApi.deleteKbCategory(id),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['kb-categories'] }),
  });
  if (!center.data) return null;
  return (
    <Stack maw={700}>
      <Paper withBorder p="md">
        <Title order={6}>{t('knowledge.helpCenter')}</Title>
        <Text size="sm" mt={4}>
          <Anchor href={center.data.url} target="_blank" rel="noreferrer" data-testid="help-center-url">
            {center.data.url}
          </Anchor>
        </Text>
        <Text size="xs" c="dimmed">
          {t('knowledge.helpCenterHelp')}
        </Text>
        {describeError(save.error) && (
          <Alert color="red" mt="xs">
            {describeError(save.error)}
          </Alert>
        )}
        <Stack gap="xs" mt="sm">
          <Switch
            label={t('knowledge.helpCenterOpen')}
            checked={center.data.enabled}
            disabled={!admin}
            onChange={(e) => save.mutate({ enabled: e.currentTarget.checked })}
          />
          <TextInput
            label={t('knowledge.helpCenterTitle')}
            disabled={!admin}
            value={title ?? center.data.title}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
          <TextInput
            label={t('knowledge.helpCenterSlug')}
            disabled={!admin}
            value={slug ?? center.data.slug}
            onChange={(e) => setSlug(e.currentTarget.value)}
          />
          {admin && (
            <Button
              w="fit-content"
              loading={save.isPending}
              onClick={() => save.mutate({ ...(slug !== null ? { slug } : {}), ...(title !== null ? { title } : {}) })}
            >
              {t('common.save')}
            </Button>
          )}
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Title order={6} mb="xs">
          {t('knowledge.categories')}
        </Title>
        {describeError(removeCategory.error) && (
          <Alert color="red" mb="xs">
            {describeError(removeCategory.error)}
          </Alert>
        )}
        {categories.data?.map((c) => (
          <Group key={c.id} justify="space-between">
            <Text size="sm">
              {c.name}{' '}
              <Text span c="dimmed" size="xs">
                · {t('knowledge.count', { count: c.articles })}
              </Text>
            </Text>
            {admin && (
              <Button size="compact-xs" variant="subtle" color="red" onClick={() => removeCategory.mutate(c.id)}>
                {t('knowledge.remove')}
              </Button>
            )}
          </Group>
        ))}
        {admin && (
          <Group mt="sm" align="flex-end">
            <TextInput
              label={t('knowledge.newCategory')}
              value={newCategory}
              onChange={(e) => setNewCategory(e.currentTarget.value)}
            />
            <Button disabled={!newCategory.trim()} loading={addCategory.isPending} onClick={() => addCategory.mutate()}>
              {t('knowledge.add')}
            </Button>
          </Group>
        )}
        {describeError(addCategory.error) && (
          <Alert color="red" mt="xs">
            {describeError(addCategory.error)}
          </Alert>
        )}
      </Paper>
    </Stack>
  );
}
