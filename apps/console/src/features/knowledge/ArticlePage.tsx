// One article: read it as the help center shows it, or write it in Markdown with a live preview in which process
// diagrams are drawn (and errors in them shown); templates to start from, images, versions to restore.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  FileButton,
  Group,
  Menu,
  Modal,
  Paper,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
  Typography,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { Article } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { describeError } from '../../api';
import { can, useSession } from '../../session';
import { DeleteButton } from '../../layout/DeleteButton';
import { drawDiagrams } from './diagrams';
import { useKbCategories } from './api';
import { useMembers } from '../settings/api';
import { knowledgeApi } from './api';
import { localeOf } from '../../locale';

type Preview = { html: string; diagrams: { key: string; source: string }[] };

/** Markdown rendered by the server (the same allowlist readers get), with the diagrams drawn here. */
function usePreview(body: string) {
  const [debounced] = useDebouncedValue(body, 400);
  const [state, setState] = useState<{
    html: string;
    drawings: Record<string, string>;
    errors: { key: string; message: string }[];
  }>({ html: '', drawings: {}, errors: [] });
  useEffect(() => {
    let cancelled = false;
    if (!debounced.trim()) {
      setState({ html: '', drawings: {}, errors: [] });
      return;
    }
    void (async () => {
      try {
        const first = await knowledgeApi.previewArticle<Preview>({ body: debounced });
        const { drawings, errors } = await drawDiagrams(first.diagrams);
        const html = Object.keys(drawings).length
          ? (await knowledgeApi.previewArticle<Preview>({ body: debounced, diagrams: drawings })).html
          : first.html;
        if (!cancelled) setState({ html, drawings, errors });
      } catch (e) {
        if (!cancelled)
          setState((s) => ({ ...s, errors: [{ key: '', message: e instanceof Error ? e.message : String(e) }] }));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [debounced]);
  return state;
}

export function ArticlePage() {
  const { id = 'new' } = useParams();
  const article = useQuery({
    queryKey: ['article', id],
    queryFn: () => knowledgeApi.getArticle(id),
    enabled: id !== 'new',
  });
  const [editing, setEditing] = useState(id === 'new');
  useEffect(() => setEditing(id === 'new'), [id]);
  if (id !== 'new' && !article.data)
    return article.isError ? (
      <Alert m="md" color="red">
        {article.error.message}
      </Alert>
    ) : null;
  return editing ? (
    <ArticleEditor article={article.data} onDone={() => setEditing(false)} />
  ) : (
    <ArticleView article={article.data!} onEdit={() => setEditing(true)} />
  );
}

function ArticleView({ article, onEdit }: { article: Article; onEdit: () => void }) {
  const { t } = useTranslation();
  const session = useSession().data!;
  const [history, setHistory] = useState(false);
  // Diagrams saved without a drawing (through the API, or the demo) are drawn here for the reader.
  const undrawn = article.diagrams.some((d) => !d.drawn);
  const live = usePreview(undrawn ? article.body : '');
  const html = undrawn && live.html ? live.html : article.html;
  return (
    <ScrollArea h="100%">
      <Stack p="md" maw={900}>
        <Anchor component={Link} to="/knowledge" size="sm">
          ← {t('knowledge.title')}
        </Anchor>
        <Group justify="space-between">
          <Title order={2}>{article.title}</Title>
          <Group gap="xs">
            {can(session, 'agent') && (
              <Button size="xs" onClick={onEdit}>
                {t('customers.edit')}
              </Button>
            )}
            <Button size="xs" variant="light" onClick={() => setHistory(true)}>
              {t('knowledge.history', { version: article.version })}
            </Button>
            {can(session, 'admin') && (
              <DeleteButton
                remove={() => knowledgeApi.deleteArticle(article.id)}
                confirm={t('knowledge.confirmDelete')}
                label={t('knowledge.delete')}
                then="/knowledge"
                invalidate="articles"
              />
            )}
          </Group>
        </Group>
        <Group gap="xs">
          <Badge variant="outline">{article.language.toUpperCase()}</Badge>
          <Badge color={article.visibility === 'public' ? 'teal' : 'gray'} variant="light">
            {t(`knowledge.visibilities.${article.visibility}`)}
          </Badge>
          <Badge color={article.status === 'published' ? 'blue' : 'gray'}>
            {t(`knowledge.statuses.${article.status}`)}
          </Badge>
          {article.kind !== 'article' && (
            <Badge color="grape" variant="light">
              {t(`knowledge.kinds.${article.kind}`)}
            </Badge>
          )}
          {article.category && <Badge variant="default">{article.category.name}</Badge>}
          {article.reviewDue && <Badge color="orange">{t('knowledge.reviewDue')}</Badge>}
        </Group>
        <Text size="sm" c="dimmed">
          {article.owner ? t('knowledge.ownedBy', { name: article.owner.name }) : ''}
          {article.reviewOn ? ` · ${t('knowledge.reviewOnDate', { date: article.reviewOn })}` : ''} ·{' '}
          {t('knowledge.usesCount', { count: article.uses })} · {t('knowledge.viewsCount', { count: article.views })} ·
          👍 {article.helpfulYes} · 👎 {article.helpfulNo}
        </Text>
        {article.publicUrl && (
          <Text size="sm">
            {t('knowledge.publicAt')}{' '}
            <Anchor href={article.publicUrl} target="_blank" rel="noreferrer">
              {article.publicUrl}
            </Anchor>
          </Text>
        )}
        {article.translations.map((tr) => (
          <Anchor key={tr.id} component={Link} to={`/knowledge/${tr.id}`} size="sm">
            {tr.language.toUpperCase()}: {tr.title}
          </Anchor>
        ))}
        {article.diagrams.some((d) => !d.drawn) && <Alert color="yellow">{t('knowledge.notDrawn')}</Alert>}
        <Paper withBorder p="md">
          <Typography>
            <div className="article-body" data-testid="article-body" dangerouslySetInnerHTML={{ __html: html }} />
          </Typography>
        </Paper>
        <Modal opened={history} onClose={() => setHistory(false)} title={t('knowledge.versions')} size="lg">
          {history && <Versions article={article} onRestored={() => setHistory(false)} />}
        </Modal>
      </Stack>
    </ScrollArea>
  );
}

function Versions({ article, onRestored }: { article: Article; onRestored: () => void }) {
  const { t, i18n } = useTranslation();
  const session = useSession().data!;
  const client = useQueryClient();
  const versions = useQuery({
    queryKey: ['article', article.id, 'versions'],
    queryFn: () => knowledgeApi.listArticleVersions(article.id),
  });
  const restore = useMutation({
    mutationFn: (version: number) => knowledgeApi.restoreArticleVersion(article.id, version),
    onSuccess: (saved) => {
      client.setQueryData(['article', article.id], saved);
      void client.invalidateQueries({ queryKey: ['article', article.id, 'versions'] });
      onRestored();
    },
  });
  return (
    <Stack data-testid="versions">
      {versions.data?.map((v) => (
        <Paper key={v.version} withBorder p="sm">
          <Group justify="space-between">
            <Stack gap={0}>
              <Text size="sm" fw={600}>
                {t('knowledge.version', { version: v.version })} · {v.title}
              </Text>
              <Text size="xs" c="dimmed">
                {new Date(v.changedAt).toLocaleString(localeOf(i18n.language))}
                {v.changedBy ? ` · ${v.changedBy}` : ''}
                {v.note
                  ? ` · ${v.note.startsWith('restore:') ? t('knowledge.restoredFrom', { version: v.note.slice(8) }) : v.note}`
                  : ''}
              </Text>
            </Stack>
            {v.version !== article.version && can(session, 'agent') && (
              <Button
                size="compact-xs"
                variant="light"
                loading={restore.isPending}
                onClick={() => restore.mutate(v.version)}
              >
                {t('knowledge.restore')}
              </Button>
            )}
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

function ArticleEditor({ article, onDone }: { article?: Article; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const categories = useKbCategories();
  const members = useMembers();
  const templates = useQuery({
    queryKey: ['article-templates', i18n.language],
    queryFn: () => knowledgeApi.listArticleTemplates(i18n.language === 'en' ? 'en' : 'es'),
  });
  const [title, setTitle] = useState(article?.title ?? '');
  const [summary, setSummary] = useState(article?.summary ?? '');
  const [body, setBody] = useState(article?.body ?? '');
  const [language, setLanguage] = useState<string>(article?.language ?? (i18n.language === 'en' ? 'en' : 'es'));
  const [kind, setKind] = useState<string>(article?.kind ?? 'article');
  const [visibility, setVisibility] = useState<string>(article?.visibility ?? 'internal');
  const [status, setStatus] = useState<string>(article?.status ?? 'draft');
  const [categoryId, setCategoryId] = useState<string | null>(article?.category?.id ?? null);
  const [ownerId, setOwnerId] = useState<string | null>(article?.owner?.id ?? null);
  const [reviewOn, setReviewOn] = useState(article?.reviewOn ?? '');
  const [note, setNote] = useState('');
  const preview = usePreview(body);
  const save = useMutation({
    mutationFn: async () => {
      // The drawings go with the text, so readers get them without a diagram library.
      const { drawings } = await drawDiagrams((await knowledgeApi.previewArticle<Preview>({ body })).diagrams);
      const fields = {
        title,
        summary,
        body,
        kind,
        visibility,
        status,
        categoryId,
        ownerId,
        reviewOn: reviewOn || null,
        diagrams: drawings,
      };
      return article
        ? knowledgeApi.updateArticle(article.id, { ...fields, ...(note ? { note } : {}) })
        : knowledgeApi.createArticle({ ...fields, language, ...(ownerId ? {} : { ownerId: undefined }) });
    },
    onSuccess: (saved) => {
      client.setQueryData(['article', saved.id], saved);
      void client.invalidateQueries({ queryKey: ['articles'] });
      if (article) onDone();
      else void navigate(`/knowledge/${saved.id}`);
    },
  });
  const upload = useMutation({
    mutationFn: (file: File) =>
      knowledgeApi.uploadArticleFile(article!.id, file, {
        contentType: file.type || 'application/octet-stream',
        headers: { 'x-file-name': encodeURIComponent(file.name) },
      }),
    onSuccess: (f) => setBody((b) => `${b.trimEnd()}\n\n${f.markdown}\n`),
  });
  const error = describeError(save.error);
  const option = (prefix: string) => (value: string) => ({ value, label: t(`${prefix}.${value}`) });
  return (
    <ScrollArea h="100%">
      <Stack p="md">
        <Group justify="space-between">
          <Title order={3}>{article ? t('knowledge.editing', { title: article.title }) : t('knowledge.new')}</Title>
          <Group gap="xs">
            {!article && (
              <Menu>
                <Menu.Target>
                  <Button variant="default" size="xs">
                    {t('knowledge.fromTemplate')}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {templates.data?.map((tpl) => (
                    <Menu.Item
                      key={tpl.key}
                      onClick={() => {
                        setTitle(tpl.title);
                        setBody(tpl.body);
                        setKind(tpl.kind);
                      }}
                    >
                      {tpl.title}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
            )}
            {article && (
              <FileButton onChange={(f) => f && upload.mutate(f)} accept="image/*,application/pdf">
                {(props) => (
                  <Button {...props} variant="default" size="xs" loading={upload.isPending}>
                    {t('knowledge.addImage')}
                  </Button>
                )}
              </FileButton>
            )}
            <Button variant="default" size="xs" onClick={() => (article ? onDone() : navigate('/knowledge'))}>
              {t('incidents.cancel')}
            </Button>
            <Button size="xs" loading={save.isPending} disabled={!title.trim()} onClick={() => save.mutate()}>
              {t('common.save')}
            </Button>
          </Group>
        </Group>
        {error && <Alert color="red">{error}</Alert>}
        {upload.error && <Alert color="red">{upload.error.message}</Alert>}
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          {!article && (
            <Select
              label={t('knowledge.language')}
              data={[
                { value: 'es', label: 'Español' },
                { value: 'en', label: 'English' },
              ]}
              value={language}
              onChange={(v) => setLanguage(v ?? language)}
              allowDeselect={false}
            />
          )}
          <Select
            label={t('knowledge.kind')}
            data={['article', 'recurring_problem', 'service_process'].map(option('knowledge.kinds'))}
            value={kind}
            onChange={(v) => setKind(v ?? kind)}
            allowDeselect={false}
          />
          <Select
            label={t('knowledge.visibility')}
            data={['internal', 'public'].map(option('knowledge.visibilities'))}
            value={visibility}
            onChange={(v) => setVisibility(v ?? visibility)}
            allowDeselect={false}
          />
          <Select
            label={t('knowledge.status')}
            data={['draft', 'published'].map(option('knowledge.statuses'))}
            value={status}
            onChange={(v) => setStatus(v ?? status)}
            allowDeselect={false}
          />
          <Select
            label={t('knowledge.category')}
            data={(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            clearable
            value={categoryId}
            onChange={setCategoryId}
          />
          <Select
            label={t('knowledge.owner')}
            data={(members.data ?? [])
              .filter((m) => m.role !== 'viewer')
              .map((m) => ({ value: m.userId, label: m.name }))}
            clearable
            value={ownerId}
            onChange={setOwnerId}
          />
          <TextInput
            label={t('knowledge.reviewOn')}
            type="date"
            value={reviewOn}
            onChange={(e) => setReviewOn(e.currentTarget.value)}
          />
        </SimpleGrid>
        <TextInput
          label={t('knowledge.titleLabel')}
          required
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
        <TextInput
          label={t('knowledge.summary')}
          value={summary}
          onChange={(e) => setSummary(e.currentTarget.value)}
          maxLength={500}
        />
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Textarea
            label={t('knowledge.body')}
            description={t('knowledge.bodyHelp')}
            autosize
            minRows={18}
            maxRows={40}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            styles={{ input: { fontFamily: 'monospace', fontSize: 13 } }}
          />
          <Stack gap="xs">
            <Text size="sm" fw={500}>
              {t('knowledge.preview')}
            </Text>
            {preview.errors.map((e) => (
              <Alert key={e.key} color="red" title={t('knowledge.diagramError')} data-testid="diagram-error">
                <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>
                  {e.message}
                </Text>
              </Alert>
            ))}
            <Paper withBorder p="md">
              <Typography>
                <div
                  className="article-body"
                  data-testid="preview"
                  dangerouslySetInnerHTML={{ __html: preview.html }}
                />
              </Typography>
            </Paper>
          </Stack>
        </SimpleGrid>
        {article && (
          <TextInput
            label={t('knowledge.changeNote')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            maxLength={300}
          />
        )}
      </Stack>
    </ScrollArea>
  );
}
