// How the website chat looks and greets: colour, corner, greeting in each language and a "Write to us on WhatsApp"
// button, with a preview of the bubble and the open chat as visitors will see it.
import {
  Alert,
  Box,
  Button,
  ColorInput,
  Group,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import type { Inbox, WidgetAppearance } from '@atiende/contract';
import { textOn } from '@atiende/contract/colors';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../../api';
import { settingsApi } from './api';

export function WidgetAppearanceForm({ inbox }: { inbox: Inbox }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const initial = inbox.webchat!.appearance;
  const form = useForm<WidgetAppearance>({
    initialValues: { ...initial, whatsappNumber: initial.whatsappNumber ?? '' },
  });
  const save = useMutation({
    mutationFn: (appearance: WidgetAppearance) =>
      settingsApi.updateWebchatInbox(inbox.id, {
        appearance: { ...appearance, whatsappNumber: appearance.whatsappNumber?.trim() || null },
      }),
    onSuccess: (saved) => {
      // What was saved is the new starting point (the number as kept, in international form).
      const kept = saved.webchat!.appearance;
      form.setValues({ ...kept, whatsappNumber: kept.whatsappNumber ?? '' });
      form.resetDirty({ ...kept, whatsappNumber: kept.whatsappNumber ?? '' });
      void client.invalidateQueries({ queryKey: ['inboxes'] });
    },
    onError: (error) => {
      if (error instanceof ApiError)
        form.setErrors(Object.fromEntries(error.fields.map((f) => [f.path.replace(/^appearance\./, ''), f.message])));
    },
  });
  const v = form.values;
  const language = i18n.language === 'en' ? 'en' : 'es';
  const greeting = v.greeting[language].trim();
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack gap="sm" data-testid="widget-appearance">
        <Title order={6}>{t('frame.widget.title')}</Title>
        <Group align="flex-start" gap="xl" wrap="wrap">
          <Stack gap="sm" style={{ flex: '1 1 280px', maxWidth: 420 }}>
            <ColorInput
              label={t('frame.widget.color')}
              format="hex"
              withEyeDropper={false}
              swatches={['#0b7285', '#1864ab', '#2b8a3e', '#c92a2a', '#e8590c', '#862e9c', '#212529']}
              {...form.getInputProps('color')}
            />
            <div>
              <Text size="sm" fw={500} mb={4}>
                {t('frame.widget.position')}
              </Text>
              <SegmentedControl
                aria-label={t('frame.widget.position')}
                data={[
                  { value: 'left', label: t('frame.widget.left') },
                  { value: 'right', label: t('frame.widget.right') },
                ]}
                {...form.getInputProps('position')}
              />
            </div>
            {(['es', 'en'] as const).map((lang) => (
              <Textarea
                key={lang}
                label={t(`frame.widget.greeting.${lang}`)}
                autosize
                minRows={2}
                maxLength={300}
                placeholder={lang === 'es' ? '¡Hola! ¿En qué te ayudamos?' : 'Hi! How can we help?'}
                {...form.getInputProps(`greeting.${lang}`)}
              />
            ))}
            <TextInput
              label={t('frame.widget.whatsapp')}
              description={t('frame.widget.whatsappHelp')}
              placeholder="81 1234 5678"
              {...form.getInputProps('whatsappNumber')}
            />
            {save.error && !(save.error instanceof ApiError && save.error.fields.length) && (
              <Alert color="red">{describeError(save.error)}</Alert>
            )}
            <Group gap="xs">
              <Button type="submit" loading={save.isPending}>
                {t('frame.widget.save')}
              </Button>
              {save.isSuccess && !form.isDirty() && (
                <Text size="sm" c="teal.9">
                  {t('frame.widget.saved')}
                </Text>
              )}
            </Group>
          </Stack>
          {/* The preview: the visitor's page, the chat open in the chosen corner and colour. */}
          <Box
            aria-label={t('frame.widget.preview')}
            role="img"
            data-testid="widget-preview"
            pos="relative"
            w={300}
            h={360}
            bg="gray.1"
            style={{ borderRadius: 12, overflow: 'hidden', flex: 'none' }}
          >
            <Box
              pos="absolute"
              bottom={12}
              {...(v.position === 'left' ? { left: 12 } : { right: 12 })}
              w={220}
              bg="white"
              style={{ borderRadius: 10, boxShadow: '0 6px 20px rgba(0,0,0,.2)', overflow: 'hidden' }}
            >
              <Box p={10} style={{ background: v.color, color: textOn(v.color) }}>
                <Text size="sm" fw={700} c="inherit">
                  {t('frame.widget.previewTitle')}
                </Text>
              </Box>
              <Stack gap={6} p={10}>
                {greeting && (
                  <Text size="xs" fw={600} p={6} bg="gray.0" style={{ borderRadius: 8 }}>
                    {greeting}
                  </Text>
                )}
                <Box h={24} style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 6 }} />
                <Box
                  p={6}
                  ta="center"
                  style={{
                    background: v.color,
                    color: textOn(v.color),
                    borderRadius: 6,
                    fontSize: 12,
                    fontWeight: 600,
                  }}
                >
                  {t('frame.widget.previewStart')}
                </Box>
                {v.whatsappNumber?.trim() && (
                  <Box
                    p={6}
                    ta="center"
                    style={{
                      border: '1px solid #1f7a3f',
                      color: '#14532d',
                      borderRadius: 6,
                      fontSize: 12,
                      fontWeight: 600,
                    }}
                  >
                    {t('frame.widget.previewWhatsapp')}
                  </Box>
                )}
              </Stack>
            </Box>
          </Box>
        </Group>
      </Stack>
    </form>
  );
}
