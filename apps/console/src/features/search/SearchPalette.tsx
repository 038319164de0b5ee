// Ctrl/Cmd+K anywhere: one box that finds customers, companies, conversations by their words, deals, quotes,
// projects, incidents and articles, grouped by kind; arrows move, Enter opens, Esc closes.
import { Box, Group, Kbd, Loader, Modal, Stack, Text, TextInput, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import type { SearchHit } from '@atiende/contract';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSearch } from './api';
import { displayAddress } from '../../email-address';

/** The header's search box: a button that looks like one, with its shortcut, opening the palette. */
export function SearchButton({ onOpen }: { onOpen: () => void }) {
  const { t } = useTranslation();
  const mac = /Mac|iPhone|iPad/.test(navigator.platform);
  return (
    <UnstyledButton
      onClick={onOpen}
      aria-keyshortcuts="Control+K Meta+K"
      data-testid="search-open"
      px="sm"
      py={6}
      style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 6, minHeight: 36 }}
    >
      <Group gap="xs" wrap="nowrap">
        <IconSearch size={16} aria-hidden />
        <Text size="sm" c="gray.7" visibleFrom="md">
          {t('frame.search.open')}
        </Text>
        <VisuallyHidden hiddenFrom="md">{t('frame.search.open')}</VisuallyHidden>
        <Kbd size="xs" visibleFrom="md" aria-hidden>
          {mac ? '⌘' : 'Ctrl'} K
        </Kbd>
      </Group>
    </UnstyledButton>
  );
}

export function useSearchShortcut(open: () => void) {
  useHotkeys([['mod+K', open]], []);
}

export function SearchPalette({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 120);
  const search = useSearch(debounced);
  const hits = debounced.trim().length >= 2 ? (search.data?.hits ?? []) : [];
  const [active, setActive] = useState(0);
  useEffect(() => setActive(0), [search.data]);
  useEffect(() => {
    if (!opened) setQ('');
  }, [opened]);

  const open = (hit: SearchHit | undefined) => {
    if (!hit) return;
    onClose();
    void navigate(hit.path);
  };
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'ArrowDown') setActive((i) => Math.min(hits.length - 1, i + 1));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
    else if (event.key === 'Enter') open(hits[active]);
    else return;
    event.preventDefault();
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('frame.search.label')}
      size="lg"
      yOffset="8vh"
      data-testid="search-palette"
    >
      <TextInput
        data-autofocus
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        placeholder={t('frame.search.placeholder')}
        aria-label={t('frame.search.label')}
        leftSection={search.isFetching ? <Loader size={14} /> : <IconSearch size={16} aria-hidden />}
        role="combobox"
        aria-expanded={hits.length > 0}
        aria-controls="search-results"
        aria-activedescendant={hits[active] ? `search-hit-${active}` : undefined}
      />
      <Box
        id="search-results"
        role="listbox"
        aria-label={t('frame.search.label')}
        mt="sm"
        mah="60vh"
        style={{ overflowY: 'auto' }}
      >
        {debounced.trim().length < 2 ? (
          <Text size="sm" c="dimmed">
            {t('frame.search.hint')}
          </Text>
        ) : hits.length === 0 && search.isSuccess && !search.isFetching ? (
          <Text size="sm" c="dimmed">
            {t('frame.search.none', { q: debounced.trim() })}
          </Text>
        ) : (
          <Stack gap={2}>
            {hits.map((hit, index) => (
              <Box key={`${hit.kind}-${hit.id}`}>
                {(index === 0 || hits[index - 1]!.kind !== hit.kind) && (
                  <Text size="xs" fw={700} c="gray.7" tt="uppercase" mt={index ? 'sm' : 0} mb={2}>
                    {t(`frame.search.kinds.${hit.kind}`)}
                  </Text>
                )}
                <UnstyledButton
                  id={`search-hit-${index}`}
                  role="option"
                  aria-selected={index === active}
                  onMouseEnter={() => setActive(index)}
                  onClick={() => open(hit)}
                  w="100%"
                  px="sm"
                  py={6}
                  bg={index === active ? 'cyan.0' : undefined}
                  style={{ borderRadius: 6 }}
                >
                  <Text size="sm" fw={500} truncate>
                    {hit.title}
                  </Text>
                  {hit.detail && (
                    <Text size="xs" c="gray.7" truncate>
                      {hit.detail.split(' · ').map(displayAddress).join(' · ')}
                    </Text>
                  )}
                </UnstyledButton>
              </Box>
            ))}
          </Stack>
        )}
      </Box>
      <Text size="xs" c="gray.7" mt="sm" visibleFrom="sm">
        {t('frame.search.keys')}
      </Text>
    </Modal>
  );
}
