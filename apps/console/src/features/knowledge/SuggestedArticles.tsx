// While answering: articles that fit what the customer wrote (and what the agent is typing), to insert as text or
// as a public link. Each use is counted for the article.
import { Button, Group, Paper, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { ArticleSuggestion } from '@atiende/contract';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { conversationsApi } from '../conversations/api';
import { knowledgeApi } from './api';

export function SuggestedArticles({
  conversationId,
  typed,
  onInsert,
}: {
  conversationId: string;
  typed: string;
  onInsert: (text: string) => void;
}) {
  const { t } = useTranslation();
  const [text] = useDebouncedValue(typed.trim().slice(0, 300), 300);
  const suggestions = useQuery({
    queryKey: ['article-suggestions', conversationId, text],
    queryFn: () => conversationsApi.listArticleSuggestions(conversationId, text),
    placeholderData: (previous) => previous,
    staleTime: 5_000,
  });
  const items = (suggestions.data ?? []).slice(0, 3);
  if (!items.length) return null;
  const use = (article: ArticleSuggestion, kind: 'inserted' | 'linked') => {
    onInsert(kind === 'linked' ? `${article.title}: ${article.publicUrl}` : article.excerpt);
    void knowledgeApi.recordArticleUse(article.id, { conversationId, kind }).catch(() => undefined);
  };
  return (
    <Paper withBorder p={6} bg="blue.0" data-testid="article-suggestions">
      <Text size="xs" c="dimmed" mb={4}>
        {t('knowledge.suggested')}
      </Text>
      {items.map((a) => (
        <Group key={a.id} justify="space-between" gap="xs" wrap="nowrap">
          <Text size="sm" truncate title={a.summary || a.excerpt}>
            {a.title}
          </Text>
          <Group gap={4} wrap="nowrap">
            <Button size="compact-xs" variant="light" onClick={() => use(a, 'inserted')}>
              {t('knowledge.insert')}
            </Button>
            {a.publicUrl && (
              <Button size="compact-xs" variant="subtle" onClick={() => use(a, 'linked')}>
                {t('knowledge.insertLink')}
              </Button>
            )}
          </Group>
        </Group>
      ))}
    </Paper>
  );
}
