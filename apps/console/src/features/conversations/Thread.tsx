// Messages of one conversation and the composer for answers and internal notes.
import {
  Alert,
  Badge,
  Box,
  Button,
  Center,
  FileButton,
  Group,
  Loader,
  Paper,
  ScrollArea,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  UnstyledButton,
} from '@mantine/core';
import type { Conversation, Message, RenderedQuickReply } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SuggestedArticles } from '../knowledge/SuggestedArticles';
import { sendTyping } from '../../realtime';
import { clock } from './format';
import { MessageActions } from './MessageActions';
import { MessageBody, Notice } from './MessageBody';
import { TemplatePicker } from './TemplatePicker';
import { conversationsApi } from './api';
import { useMembers } from '../settings/api';

export function Thread({ conversation, canWrite }: { conversation: Conversation; canWrite: boolean }) {
  const conversationId = conversation.id;
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const messages = useQuery({
    queryKey: ['messages', conversationId],
    queryFn: () => conversationsApi.listConversationMessages(conversationId),
  });
  const [body, setBody] = useState('');
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  // The message the answer quotes ("reply to this"), as WhatsApp does.
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  // The quick reply the answer came from: its files go along unless the agent drops them.
  const [chosen, setChosen] = useState<RenderedQuickReply | null>(null);
  const choose = (r: RenderedQuickReply) => {
    setBody(r.text);
    setChosen(r.attachments.length ? r : null);
  };
  const viewport = useRef<HTMLDivElement>(null);
  const send = useMutation({
    mutationFn: () =>
      conversationsApi.sendMessage(conversationId, {
        body,
        private: replyMode === 'note',
        ...(chosen ? { quickReplyId: chosen.id } : {}),
        ...(replyTo && replyMode === 'reply' ? { replyToId: replyTo.id } : {}),
      }),
    onSuccess: (message) => {
      setBody('');
      setChosen(null);
      setReplyTo(null);
      client.setQueryData<Message[]>(['messages', conversationId], (list) =>
        list && !list.some((m) => m.id === message.id) ? [...list, message] : list,
      );
    },
  });
  // A file goes as its own message; what is in the box goes with it as the caption.
  const attach = useMutation({
    mutationFn: (file: File) =>
      conversationsApi.sendAttachment(conversationId, replyMode === 'note', body.trim(), file, {
        contentType: file.type || 'application/octet-stream',
        headers: { 'x-file-name': encodeURIComponent(file.name) },
      }),
    onSuccess: (message) => {
      setBody('');
      client.setQueryData<Message[]>(['messages', conversationId], (list) =>
        list && !list.some((m) => m.id === message.id) ? [...list, message] : list,
      );
    },
  });
  const carriesFiles =
    conversation.channel === 'webchat' || conversation.channel === 'email' || conversation.channel === 'whatsapp';
  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [messages.data?.length]);
  // "/" at the start of the reply box looks up quick replies, filled in for this conversation.
  const slash = /^\/([a-z0-9_-]*)$/.exec(body)?.[1];
  const quick = useQuery({
    queryKey: ['quick-replies', conversationId, slash],
    queryFn: () => conversationsApi.renderQuickReplies(conversationId, slash ?? ''),
    enabled: slash !== undefined && canWrite,
  });
  const offered = slash !== undefined ? (quick.data ?? []) : [];
  // "@" and the start of a name offers the teammates so called; choosing one writes "@Full Name " (notes tell them).
  const members = useMembers();
  const atWord = /(?:^|\s)@([\p{L}\p{M}]{0,30})$/u.exec(body)?.[1];
  const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const mentionable =
    atWord !== undefined && canWrite
      ? (members.data ?? [])
          .filter((m) =>
            fold(m.name)
              .split(/\s+/)
              .some((w) => w.startsWith(fold(atWord))),
          )
          .slice(0, 6)
      : [];
  const mention = (name: string) => setBody((current) => current.replace(/@[\p{L}\p{M}]{0,30}$/u, `@${name} `));
  // Someone else writing here (the customer in the widget, or a teammate): shown for 5 seconds after each signal.
  const typing = useQuery<{ name: string | null; at: number } | null>({
    queryKey: ['typing', conversationId],
    queryFn: () => null,
    staleTime: Infinity,
    enabled: false,
  });
  const [, tick] = useState(0);
  useEffect(() => {
    if (!typing.data) return;
    const timer = window.setTimeout(() => tick((n) => n + 1), 5_100);
    return () => window.clearTimeout(timer);
  }, [typing.data]);
  const someoneTyping =
    conversation.status !== 'resolved' && typing.data && Date.now() - typing.data.at < 5_000 ? typing.data.name : null;
  // WhatsApp: past 24 hours since the customer wrote, only templates (and internal notes) can be written.
  const windowClosed =
    conversation.channel === 'whatsapp' &&
    (!conversation.replyWindowClosesAt || new Date(conversation.replyWindowClosesAt).getTime() < Date.now());
  const loggedOnly = conversation.channel === 'phone' || conversation.channel === 'visit';
  const replyMode = loggedOnly ? 'note' : mode;

  return (
    <>
      <ScrollArea style={{ flex: 1 }} viewportRef={viewport} bg="gray.0">
        <Stack p="md" gap="sm" data-testid="messages">
          {messages.isPending && (
            <Center>
              <Loader size="sm" />
            </Center>
          )}
          {messages.data?.map((m) =>
            m.kind === 'notice' ? (
              <Notice key={m.id} message={m} />
            ) : (
              <Box
                key={m.id}
                style={{ alignSelf: m.direction === 'incoming' ? 'flex-start' : 'flex-end', maxWidth: '80%' }}
              >
                <Paper
                  p="xs"
                  px="sm"
                  withBorder
                  bg={m.private ? 'yellow.0' : m.direction === 'incoming' ? 'white' : 'cyan.0'}
                  data-testid="message"
                >
                  <Group gap={4} justify="space-between" wrap="nowrap">
                    <Text size="xs" c="dimmed">
                      {m.private ? `${t('inbox.note')} · ` : ''}
                      {m.senderName ?? ''} · {clock(m.createdAt, i18n.language)}
                    </Text>
                    {canWrite && !m.private && conversation.channel === 'whatsapp' && !windowClosed && (
                      <MessageActions message={m} onReply={() => setReplyTo(m)} />
                    )}
                  </Group>
                  <MessageBody message={m} conversation={conversation} />
                </Paper>
              </Box>
            ),
          )}
          {someoneTyping && (
            <Text size="xs" c="dimmed" fs="italic" data-testid="typing">
              {t('inbox.typing', { name: someoneTyping })}
            </Text>
          )}
        </Stack>
      </ScrollArea>
      {canWrite && (
        <Box p="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (body.trim()) send.mutate();
            }}
          >
            <Stack gap="xs">
              {!loggedOnly && (
                <SegmentedControl
                  size="xs"
                  w={220}
                  value={mode}
                  onChange={(v) => setMode(v)}
                  data={[
                    { value: 'reply', label: t('inbox.reply') },
                    { value: 'note', label: t('inbox.note') },
                  ]}
                />
              )}
              {windowClosed && replyMode === 'reply' ? (
                <TemplatePicker conversationId={conversationId} inboxId={conversation.inboxId} />
              ) : (
                <>
                  {mentionable.length > 0 && (
                    <Paper
                      withBorder
                      shadow="sm"
                      p={4}
                      data-testid="mentions"
                      role="listbox"
                      aria-label={t('inbox.mentionPick')}
                    >
                      {mentionable.map((m) => (
                        <UnstyledButton
                          key={m.userId}
                          role="option"
                          aria-selected={m === mentionable[0]}
                          display="block"
                          w="100%"
                          p={6}
                          onClick={() => mention(m.name)}
                          style={{ borderRadius: 4 }}
                          bg={m === mentionable[0] ? 'cyan.0' : undefined}
                        >
                          <Text size="sm">@{m.name}</Text>
                        </UnstyledButton>
                      ))}
                    </Paper>
                  )}
                  {offered.length > 0 && (
                    <Paper withBorder shadow="sm" p={4} data-testid="quick-replies">
                      {offered.slice(0, 8).map((r) => (
                        <UnstyledButton
                          key={r.id}
                          display="block"
                          w="100%"
                          p={6}
                          onClick={() => choose(r)}
                          style={{ borderRadius: 4 }}
                        >
                          <Text size="sm" fw={500}>
                            /{r.shortcut} · {r.title}
                            {r.attachments.length ? ` · 📎 ${r.attachments.length}` : ''}
                          </Text>
                          <Text size="xs" c="dimmed" lineClamp={1}>
                            {r.text}
                          </Text>
                        </UnstyledButton>
                      ))}
                    </Paper>
                  )}
                  {replyMode === 'reply' && slash === undefined && (
                    <SuggestedArticles
                      conversationId={conversationId}
                      typed={body}
                      onInsert={(text) =>
                        setBody((current) => (current.trim() ? `${current.trimEnd()}\n\n${text}` : text))
                      }
                    />
                  )}
                  {replyTo && replyMode === 'reply' && (
                    <Group gap={6} wrap="nowrap" data-testid="replying-to">
                      <Text size="xs" c="dimmed" lineClamp={1} style={{ flex: 1 }}>
                        ↩ {t('inbox.replyingTo', { name: replyTo.senderName ?? '' })}: {replyTo.body}
                      </Text>
                      <Button size="compact-xs" variant="subtle" onClick={() => setReplyTo(null)}>
                        ✕
                      </Button>
                    </Group>
                  )}
                  <Textarea
                    aria-label={replyMode === 'reply' ? t('inbox.replyPlaceholder') : t('inbox.notePlaceholder')}
                    placeholder={replyMode === 'reply' ? t('inbox.replyPlaceholder') : t('inbox.notePlaceholder')}
                    autosize
                    minRows={2}
                    maxRows={8}
                    value={body}
                    onChange={(e) => {
                      setBody(e.currentTarget.value);
                      if (!e.currentTarget.value.trim()) setChosen(null);
                      if (replyMode === 'reply') sendTyping(conversationId);
                    }}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' && offered[0] && !e.shiftKey) {
                        e.preventDefault();
                        choose(offered[0]);
                        return;
                      }
                      if ((e.key === 'Enter' || e.key === 'Tab') && mentionable[0] && !e.shiftKey && !e.ctrlKey) {
                        e.preventDefault();
                        mention(mentionable[0].name);
                        return;
                      }
                      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && body.trim()) send.mutate();
                    }}
                    styles={
                      replyMode === 'note' ? { input: { background: 'var(--mantine-color-yellow-0)' } } : undefined
                    }
                  />
                  {chosen && (
                    <Group gap={6} data-testid="quick-reply-files">
                      {chosen.attachments.map((a) => (
                        <Badge key={a.id} variant="light" color="gray">
                          📎 {a.name}
                        </Badge>
                      ))}
                      <Button size="compact-xs" variant="subtle" onClick={() => setChosen(null)}>
                        {t('inbox.dropFiles')}
                      </Button>
                    </Group>
                  )}
                  {send.isError && (
                    <Alert color="red" py="xs">
                      {send.error.message}
                    </Alert>
                  )}
                  {attach.isError && (
                    <Alert color="red" py="xs">
                      {attach.error.message}
                    </Alert>
                  )}
                  <Group justify="space-between">
                    <Text size="xs" c="dimmed">
                      {t('inbox.sendHint')}
                    </Text>
                    <Group gap="xs">
                      {(carriesFiles || replyMode === 'note') && (
                        <FileButton onChange={(file) => file && attach.mutate(file)}>
                          {(props) => (
                            <Button {...props} variant="default" loading={attach.isPending}>
                              {t('inbox.attach')}
                            </Button>
                          )}
                        </FileButton>
                      )}
                      <Button type="submit" loading={send.isPending} disabled={!body.trim()}>
                        {replyMode === 'reply' ? t('inbox.send') : t('inbox.addNote')}
                      </Button>
                    </Group>
                  </Group>
                </>
              )}
            </Stack>
          </form>
        </Box>
      )}
    </>
  );
}
