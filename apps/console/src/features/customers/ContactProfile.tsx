// A contact's profile, section by section: contact data, transactional history, psychographics, preferences and
// service requirements, each shown and edited on its own.
import {
  Badge,
  Button,
  Checkbox,
  Grid,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import type { Contact, Profile } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { clock } from '../conversations/format';
import { CustomSection } from './CustomSection';
import { SectionForm } from './SectionForm';
import { Field, Section } from './shared';
import { useMembers } from '../settings/api';
import { customersApi } from './api';
import { personasApi } from '../personas/api';
import { ContactDataForm } from './ContactDataForm';
import { displayAddress } from '../../email-address';
import { localeOf } from '../../locale';

const traits = [
  'demanding',
  'tolerant',
  'empathetic',
  'helpful',
  'loyal',
  'price_sensitive',
  'detail_oriented',
  'impatient',
];
const requirements = [
  'staff_visits',
  'working_hours_only',
  'delivery_commitments',
  'preferential_prices',
  'invoice_required',
  'dedicated_agent',
];
const channels = ['whatsapp', 'email', 'phone', 'webchat', 'visit'];
const frequencies = ['weekly', 'monthly', 'quarterly', 'yearly', 'occasional'];

export function ContactProfile({
  contact: c,
  canEdit,
  save,
}: {
  contact: Contact;
  canEdit: boolean;
  save: (patch: Record<string, unknown>) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const members = useMembers();
  const companies = useQuery({
    queryKey: ['companies', 'all'],
    queryFn: () => customersApi.listCompanies(),
  });
  const profile = c.profile as Profile;
  const list = (values: string[] | undefined, prefix: string) =>
    (values ?? []).map((v) => t(`${prefix}.${v}`)).join(', ');
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Stack>
          <Section
            title={t('customers.sections.contact')}
            canEdit={canEdit}
            testId="section-contact"
            view={
              <Stack gap={6}>
                <Field label={t('customers.emails')}>
                  {c.emails.length ? <ContactEmails contact={c} canEdit={canEdit} /> : null}
                </Field>
                <Field label={t('customers.phones')}>
                  {c.phones.map((p) => `${p.value}${p.label ? ` (${identityLabel(t, p.label)})` : ''}`).join('\n')}
                </Field>
                <Field label={t('customers.whatsappId')}>{c.whatsappId}</Field>
                <Field label={t('customers.website')}>{c.website}</Field>
                <Field label={t('customers.city')}>
                  {[c.address.street, c.address.city, c.address.state, c.address.postalCode].filter(Boolean).join(', ')}
                </Field>
                <Field label={t('customers.source')}>{c.source}</Field>
              </Stack>
            }
            edit={(done) => (
              <ContactDataForm
                contact={c}
                members={(members.data ?? [])
                  .filter((m) => m.role !== 'viewer')
                  .map((m) => ({ value: m.userId, label: m.name }))}
                companies={(companies.data?.items ?? []).map((co) => ({ value: co.id, label: co.name }))}
                onSave={async (patch) => {
                  await save(patch);
                  done();
                }}
                onCancel={done}
              />
            )}
          />
          <Section
            title={t('customers.sections.transactional')}
            canEdit={canEdit}
            view={
              <Stack gap={6}>
                <Field label={t('customers.fields.conversations')}>{String(c.stats.conversations)}</Field>
                <Field label={t('customers.fields.firstContactAt')}>
                  {c.stats.firstContactAt ? clock(c.stats.firstContactAt, i18n.language) : null}
                </Field>
                <Field label={t('customers.fields.lastContactAt')}>
                  {c.stats.lastContactAt ? clock(c.stats.lastContactAt, i18n.language) : null}
                </Field>
                <Field label={t('customers.fields.purchaseFrequency')}>
                  {profile.transactional?.purchaseFrequency
                    ? t(`customers.frequency.${profile.transactional.purchaseFrequency}`)
                    : null}
                </Field>
                <Field label={t('customers.fields.totalSpent')}>
                  {profile.transactional?.totalSpent != null
                    ? new Intl.NumberFormat(localeOf(i18n.language), { style: 'currency', currency: 'MXN' }).format(
                        profile.transactional.totalSpent,
                      )
                    : null}
                </Field>
                <Field label={t('customers.fields.products')}>
                  {(profile.transactional?.products ?? []).join(', ')}
                </Field>
                <Field label={t('customers.fields.customerSince')}>{profile.transactional?.customerSince}</Field>
                <Field label={t('customers.fields.lastPurchaseAt')}>{profile.transactional?.lastPurchaseAt}</Field>
              </Stack>
            }
            edit={(done) => (
              <SectionForm
                initial={{
                  purchaseFrequency: profile.transactional?.purchaseFrequency ?? null,
                  totalSpent: profile.transactional?.totalSpent ?? '',
                  products: profile.transactional?.products ?? [],
                  customerSince: profile.transactional?.customerSince ?? '',
                  lastPurchaseAt: profile.transactional?.lastPurchaseAt ?? '',
                }}
                toPatch={(v) => ({
                  profile: {
                    transactional: {
                      purchaseFrequency: v.purchaseFrequency || null,
                      totalSpent: v.totalSpent === '' ? null : Number(v.totalSpent),
                      products: v.products,
                      customerSince: v.customerSince || null,
                      lastPurchaseAt: v.lastPurchaseAt || null,
                    },
                  },
                })}
                onSave={save}
                done={done}
                fields={(form) => (
                  <>
                    <Select
                      label={t('customers.fields.purchaseFrequency')}
                      clearable
                      data={frequencies.map((f) => ({ value: f, label: t(`customers.frequency.${f}`) }))}
                      {...form.getInputProps('purchaseFrequency')}
                    />
                    <NumberInput
                      label={t('customers.fields.totalSpent')}
                      min={0}
                      thousandSeparator=","
                      {...form.getInputProps('totalSpent')}
                    />
                    <TagsInput label={t('customers.fields.products')} {...form.getInputProps('products')} />
                    <Group grow>
                      <TextInput
                        type="date"
                        label={t('customers.fields.customerSince')}
                        {...form.getInputProps('customerSince')}
                      />
                      <TextInput
                        type="date"
                        label={t('customers.fields.lastPurchaseAt')}
                        {...form.getInputProps('lastPurchaseAt')}
                      />
                    </Group>
                  </>
                )}
              />
            )}
          />
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Stack>
          <Section
            title={t('customers.sections.psychographics')}
            canEdit={canEdit}
            view={
              <Stack gap={6}>
                <Field label={t('customers.fields.traits')}>
                  {list(profile.psychographics?.traits, 'customers.traits')}
                </Field>
                <Field label={t('customers.fields.interests')}>
                  {(profile.psychographics?.interests ?? []).join(', ')}
                </Field>
                <Field label={t('customers.fields.treatmentOfStaffAndSuppliers')}>
                  {profile.psychographics?.treatmentOfStaffAndSuppliers}
                </Field>
                <Field label={t('customers.fields.psychNotes')}>{profile.psychographics?.notes}</Field>
                <Field label={t('customers.fields.birthday')}>
                  {profile.psychographics?.birthday
                    ? new Date(`${profile.psychographics.birthday}T12:00:00`).toLocaleDateString(
                        localeOf(i18n.language),
                        {
                          day: 'numeric',
                          month: 'long',
                          year: 'numeric',
                        },
                      )
                    : null}
                </Field>
              </Stack>
            }
            edit={(done) => (
              <SectionForm
                initial={{
                  traits: profile.psychographics?.traits ?? [],
                  interests: profile.psychographics?.interests ?? [],
                  treatmentOfStaffAndSuppliers: profile.psychographics?.treatmentOfStaffAndSuppliers ?? '',
                  notes: profile.psychographics?.notes ?? '',
                  birthday: profile.psychographics?.birthday ?? '',
                }}
                toPatch={(v) => ({
                  profile: {
                    psychographics: {
                      ...v,
                      treatmentOfStaffAndSuppliers: v.treatmentOfStaffAndSuppliers || null,
                      notes: v.notes || null,
                      birthday: v.birthday || null,
                    },
                  },
                })}
                onSave={save}
                done={done}
                fields={(form) => (
                  <>
                    <MultiSelect
                      label={t('customers.fields.traits')}
                      data={traits.map((x) => ({ value: x, label: t(`customers.traits.${x}`) }))}
                      {...form.getInputProps('traits')}
                    />
                    <TagsInput label={t('customers.fields.interests')} {...form.getInputProps('interests')} />
                    <Textarea
                      autosize
                      label={t('customers.fields.treatmentOfStaffAndSuppliers')}
                      {...form.getInputProps('treatmentOfStaffAndSuppliers')}
                    />
                    <Textarea autosize label={t('customers.fields.psychNotes')} {...form.getInputProps('notes')} />
                    <TextInput
                      type="date"
                      label={t('customers.fields.birthday')}
                      w={200}
                      {...form.getInputProps('birthday')}
                    />
                  </>
                )}
              />
            )}
          />
          <Section
            title={t('customers.sections.preferences')}
            canEdit={canEdit}
            view={
              <Stack gap={6}>
                <Field label={t('customers.fields.channels')}>
                  {(profile.preferences?.channels ?? []).map((ch: string) => t(`channels.${ch}`)).join(' → ')}
                </Field>
                <Field label={t('customers.fields.contactHours')}>{profile.preferences?.contactHours}</Field>
                <Field label={t('customers.fields.language')}>
                  {profile.preferences?.language === 'en'
                    ? 'English'
                    : profile.preferences?.language === 'es'
                      ? 'Español'
                      : null}
                </Field>
              </Stack>
            }
            edit={(done) => (
              <SectionForm
                initial={{
                  channels: profile.preferences?.channels ?? [],
                  contactHours: profile.preferences?.contactHours ?? '',
                  language: profile.preferences?.language ?? null,
                }}
                toPatch={(v) => ({
                  profile: {
                    preferences: {
                      channels: v.channels,
                      contactHours: v.contactHours || null,
                      language: v.language || null,
                    },
                  },
                })}
                onSave={save}
                done={done}
                fields={(form) => (
                  <>
                    <MultiSelect
                      label={t('customers.fields.channels')}
                      data={channels.map((ch) => ({ value: ch, label: t(`channels.${ch}`) }))}
                      {...form.getInputProps('channels')}
                    />
                    <TextInput label={t('customers.fields.contactHours')} {...form.getInputProps('contactHours')} />
                    <Select
                      label={t('customers.fields.language')}
                      clearable
                      data={[
                        { value: 'es', label: 'Español' },
                        { value: 'en', label: 'English' },
                      ]}
                      {...form.getInputProps('language')}
                    />
                  </>
                )}
              />
            )}
          />
          <CustomSection entity="contact" values={c.custom} canEdit={canEdit} onSave={save} />
          <Section
            title={t('customers.sections.requirements')}
            canEdit={canEdit}
            view={
              <Stack gap={6}>
                <Field label={t('customers.fields.checklist')}>
                  {list(profile.requirements?.checklist, 'customers.requirements')}
                </Field>
                <Field label={t('customers.fields.details')}>{profile.requirements?.details}</Field>
              </Stack>
            }
            edit={(done) => (
              <SectionForm
                initial={{
                  checklist: profile.requirements?.checklist ?? [],
                  details: profile.requirements?.details ?? '',
                }}
                toPatch={(v) => ({
                  profile: { requirements: { checklist: v.checklist, details: v.details || null } },
                })}
                onSave={save}
                done={done}
                fields={(form) => (
                  <>
                    <Checkbox.Group label={t('customers.fields.checklist')} {...form.getInputProps('checklist')}>
                      <Stack gap={6} mt={6}>
                        {requirements.map((r) => (
                          <Checkbox key={r} value={r} label={t(`customers.requirements.${r}`)} />
                        ))}
                      </Stack>
                    </Checkbox.Group>
                    <Textarea autosize label={t('customers.fields.details')} {...form.getInputProps('details')} />
                  </>
                )}
              />
            )}
          />
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

/** The persona this contact fits best, with the reasons on hover. */
export function PersonaFitLine({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const fits = useQuery({
    queryKey: ['persona-fit', contactId],
    queryFn: () => personasApi.listContactFits(contactId),
  });
  const best = fits.data?.[0];
  if (!fits.data?.length) return null;
  if (!best || best.score === 0)
    return (
      <Text size="xs" c="dimmed">
        {t('personas.fitNone')}
      </Text>
    );
  const reasons = best.reasons
    .map((r) => `${r.matched ? '✓' : '✗'} ${t(`personas.criteria.${r.criterion}`)}: ${r.value}`)
    .join('\n');
  return (
    <Text size="sm" title={reasons} data-testid="persona-fit">
      {t('personas.fit')}: <b>{best.name}</b> ({best.score}%)
    </Text>
  );
}

/** The contact's addresses; one that bounced says so, and an agent who checked it can say it works again. */
function ContactEmails({ contact: c, canEdit }: { contact: Contact; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const works = useMutation({
    mutationFn: (email: string) => customersApi.clearEmailBounce(c.id, email),
    onSuccess: (saved) => client.setQueryData(['contact', c.id], saved),
  });
  const optIn = useMutation({
    mutationFn: () => customersApi.clearMailOptOut(c.id),
    onSuccess: (saved) => client.setQueryData(['contact', c.id], saved),
  });
  return (
    <Stack gap={4}>
      {c.mailOptOutAt && (
        <Group gap={6} data-testid="mail-opt-out">
          <Badge size="sm" color="gray">
            {t('customers.mailOptOut', { date: new Date(c.mailOptOutAt).toLocaleDateString(localeOf(i18n.language)) })}
          </Badge>
          {canEdit && (
            <Button size="compact-xs" variant="subtle" loading={optIn.isPending} onClick={() => optIn.mutate()}>
              {t('customers.mailOptIn')}
            </Button>
          )}
        </Group>
      )}
      {c.emails.map((e) => (
        <Group key={e.value} gap={6} wrap="wrap">
          <span>
            {displayAddress(e.value)}
            {e.label ? ` (${identityLabel(t, e.label)})` : ''}
          </span>
          {e.bounce && (
            <>
              <Tooltip
                multiline
                w={300}
                label={`${new Date(e.bounce.at).toLocaleDateString(localeOf(i18n.language))} · ${e.bounce.status ?? ''} ${e.bounce.reason}`}
              >
                <Badge size="sm" color={e.bounce.severity === 'hard' ? 'red' : 'orange'} data-testid="email-bounce">
                  {t(`customers.bounce.${e.bounce.severity}`)}
                </Badge>
              </Tooltip>
              {canEdit && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  loading={works.isPending}
                  onClick={() => works.mutate(e.value)}
                >
                  {t('customers.bounce.works')}
                </Button>
              )}
            </>
          )}
        </Group>
      ))}
    </Stack>
  );
}

const KNOWN_LABELS = ['mobile', 'iphone', 'home', 'work', 'main', 'fax', 'pager', 'other'];
/** A phone's or email's label in the console's language when it is one of the usual ones; as written otherwise. */
function identityLabel(t: (key: string) => string, label: string): string {
  return KNOWN_LABELS.includes(label) ? t(`customers.identityLabels.${label}`) : label;
}
