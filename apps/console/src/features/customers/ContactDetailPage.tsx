// One contact: who they are, the five profile sections, notes and everything that happened with them.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Grid,
  Group,
  Loader,
  MultiSelect,
  NumberInput,
  ScrollArea,
  Select,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import type { Address, Contact, CustomerStatus, Profile } from '@atiende/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { can, useSession } from '../../session';
import { useSubmit } from '../auth/useApiForm';
import { clock } from '../conversations/format';
import { LogActivityButton } from '../conversations/LogActivity';
import { NewIncidentButton } from '../incidents/NewIncidentButton';
import { WriteEmailButton } from '../conversations/WriteEmail';
import { ContactPrivacy } from '../privacy/ContactPrivacy';
import { ContactTasks } from '../tasks/ContactTasks';
import { CustomSection } from './CustomSection';
import { SectionForm } from './SectionForm';
import { Field, ProfileTabs, Section, StatusBadge } from './shared';
import { CustomerDeals } from '../deals/CustomerDeals';
import { HealthCard } from '../health/HealthPage';
import { CustomerSubscriptions } from '../subscriptions/SubscriptionsPage';
import { useMembers } from '../settings/api';
import { customersApi, recordKeys } from './api';
import { personasApi } from '../personas/api';

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
const statuses: CustomerStatus[] = ['prospect', 'active', 'former', 'blocked'];

export function ContactDetailPage() {
  const { id = '' } = useParams();
  const contact = useQuery({ queryKey: ['contact', id], queryFn: () => customersApi.getContact(id) });
  if (contact.isPending) return <Loader m="xl" />;
  if (contact.isError)
    return (
      <Alert color="red" m="md">
        {contact.error.message}
      </Alert>
    );
  if (contact.data.privacyBlockedAt) return <BlockedContact contact={contact.data} />;
  return <ContactView contact={contact.data} key={contact.data.updatedAt} />;
}

/** Under a privacy block only owners and admins get here, and only the privacy actions are left. */
function BlockedContact({ contact }: { contact: Contact }) {
  const { t, i18n } = useTranslation();
  return (
    <ScrollArea h="100%">
      <Stack p="md" maw={1100}>
        <Title order={3} data-testid="contact-name">
          {contact.name}
        </Title>
        <Alert color="orange" data-testid="blocked-banner">
          {t('privacy.blockedBanner', { date: new Date(contact.privacyBlockedAt!).toLocaleDateString(i18n.language) })}
        </Alert>
        <ContactPrivacy contact={contact} />
      </Stack>
    </ScrollArea>
  );
}

function ContactView({ contact: c }: { contact: Contact }) {
  const { t, i18n } = useTranslation();
  const session = useSession().data!;
  const client = useQueryClient();
  const canEdit = can(session, 'agent');
  const members = useMembers();
  const companies = useQuery({
    queryKey: ['companies', 'all'],
    queryFn: () => customersApi.listCompanies(),
  });
  const profile = c.profile as Profile;
  const save = async (patch: Record<string, unknown>) => {
    const saved = await customersApi.updateContact(c.id, patch);
    client.setQueryData(['contact', c.id], saved);
    void client.invalidateQueries({ queryKey: ['contacts'] });
    void client.invalidateQueries({ queryKey: recordKeys.timeline({ kind: 'contacts', id: c.id }) });
  };
  const ownerName = members.data?.find((m) => m.userId === c.ownerId)?.name;
  const date = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString(i18n.language) : null);
  const list = (values: string[] | undefined, prefix: string) =>
    (values ?? []).map((v) => t(`${prefix}.${v}`)).join(', ');

  return (
    <ScrollArea h="100%">
      <Stack p="md" maw={1100}>
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Title order={3} data-testid="contact-name">
              {c.name}
            </Title>
            <Group gap="xs">
              <StatusBadge status={c.status} />
              {c.tags.map((tag) => (
                <Badge key={tag} variant="outline" size="sm">
                  {tag}
                </Badge>
              ))}
              {c.companies.map((co) => (
                <Anchor key={co.id} component={Link} to={`/companies/${co.id}`} size="sm">
                  {co.name}
                  {co.role ? ` · ${co.role}` : ''}
                </Anchor>
              ))}
            </Group>
            {c.status === 'former' && c.leftAt && (
              <Text size="sm" c="dimmed">
                {t('customers.leftAt', { date: date(c.leftAt) })}
                {c.leftReason ? `: ${c.leftReason}` : ''}
              </Text>
            )}
          </Stack>
          <Stack gap={2} align="flex-end">
            {canEdit && (
              <Group gap="xs">
                <WriteEmailButton contact={{ id: c.id, email: c.email }} />
                <LogActivityButton contact={{ id: c.id, phone: c.phone }} />
                <NewIncidentButton contactId={c.id} />
              </Group>
            )}
            <Text size="sm" c="dimmed">
              {t('customers.owner')}: {ownerName ?? t('customers.noOwner')}
            </Text>
            <PersonaFitLine contactId={c.id} />
          </Stack>
        </Group>
        {c.unverifiedEmail && (
          <Alert color="yellow" data-testid="unverified-banner">
            <Text size="sm">{t('privacy.unverifiedBanner', { email: c.unverifiedEmail })}</Text>
            {canEdit && (
              <Anchor component={Link} to="/contacts/duplicates" size="sm">
                {t('privacy.unverifiedMerge')}
              </Anchor>
            )}
          </Alert>
        )}
        <ProfileTabs
          record={{ kind: 'contacts', id: c.id }}
          canWrite={canEdit}
          extra={[
            { value: 'tasks', label: t('tasks.title'), panel: <ContactTasks contactId={c.id} canWrite={canEdit} /> },
            {
              value: 'deals',
              label: t('customers.dealsTab'),
              panel: <CustomerDeals contact={{ id: c.id, name: c.name }} canWrite={canEdit} />,
            },
            {
              value: 'subscriptions',
              label: t('nav.subscriptions'),
              panel: <CustomerSubscriptions contact={{ id: c.id, name: c.name }} canWrite={canEdit} />,
            },
            { value: 'health', label: t('nav.health'), panel: <HealthCard contactId={c.id} /> },
            { value: 'privacy', label: t('privacy.tab'), panel: <ContactPrivacy contact={c} /> },
          ]}
          profile={
            <Grid>
              <Grid.Col span={{ base: 12, md: 6 }}>
                <Stack>
                  <Section
                    title={t('customers.sections.contact')}
                    canEdit={canEdit}
                    testId="section-contact"
                    view={
                      <Stack gap={6}>
                        <Field label={t('customers.emails')}>{c.emails.map((e) => e.value).join('\n')}</Field>
                        <Field label={t('customers.phones')}>{c.phones.map((p) => p.value).join('\n')}</Field>
                        <Field label={t('customers.whatsappId')}>{c.whatsappId}</Field>
                        <Field label={t('customers.website')}>{c.website}</Field>
                        <Field label={t('customers.city')}>
                          {[c.address.street, c.address.city, c.address.state, c.address.postalCode]
                            .filter(Boolean)
                            .join(', ')}
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
                            ? new Intl.NumberFormat(i18n.language, { style: 'currency', currency: 'MXN' }).format(
                                profile.transactional.totalSpent,
                              )
                            : null}
                        </Field>
                        <Field label={t('customers.fields.products')}>
                          {(profile.transactional?.products ?? []).join(', ')}
                        </Field>
                        <Field label={t('customers.fields.customerSince')}>
                          {profile.transactional?.customerSince}
                        </Field>
                        <Field label={t('customers.fields.lastPurchaseAt')}>
                          {profile.transactional?.lastPurchaseAt}
                        </Field>
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
                      </Stack>
                    }
                    edit={(done) => (
                      <SectionForm
                        initial={{
                          traits: profile.psychographics?.traits ?? [],
                          interests: profile.psychographics?.interests ?? [],
                          treatmentOfStaffAndSuppliers: profile.psychographics?.treatmentOfStaffAndSuppliers ?? '',
                          notes: profile.psychographics?.notes ?? '',
                        }}
                        toPatch={(v) => ({
                          profile: {
                            psychographics: {
                              ...v,
                              treatmentOfStaffAndSuppliers: v.treatmentOfStaffAndSuppliers || null,
                              notes: v.notes || null,
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
                            <Textarea
                              autosize
                              label={t('customers.fields.psychNotes')}
                              {...form.getInputProps('notes')}
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
                            <TextInput
                              label={t('customers.fields.contactHours')}
                              {...form.getInputProps('contactHours')}
                            />
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
                            <Checkbox.Group
                              label={t('customers.fields.checklist')}
                              {...form.getInputProps('checklist')}
                            >
                              <Stack gap={6} mt={6}>
                                {requirements.map((r) => (
                                  <Checkbox key={r} value={r} label={t(`customers.requirements.${r}`)} />
                                ))}
                              </Stack>
                            </Checkbox.Group>
                            <Textarea
                              autosize
                              label={t('customers.fields.details')}
                              {...form.getInputProps('details')}
                            />
                          </>
                        )}
                      />
                    )}
                  />
                </Stack>
              </Grid.Col>
            </Grid>
          }
        />
      </Stack>
    </ScrollArea>
  );
}

function ContactDataForm({
  contact: c,
  members,
  companies,
  onSave,
  onCancel,
}: {
  contact: Contact;
  members: { value: string; label: string }[];
  companies: { value: string; label: string }[];
  onSave: (patch: Record<string, unknown>) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: {
      name: c.name,
      emails: c.emails.map((e) => e.value),
      phones: c.phones.map((p) => p.value),
      whatsappId: c.whatsappId ?? '',
      website: c.website ?? '',
      street: (c.address as Address).street ?? '',
      city: (c.address as Address).city ?? '',
      state: (c.address as Address).state ?? '',
      postalCode: (c.address as Address).postalCode ?? '',
      status: c.status,
      leftReason: c.leftReason ?? '',
      ownerId: c.ownerId,
      tags: c.tags,
      source: c.source ?? '',
      companies: c.companies.map((co) => co.id),
    },
  });
  const submit = useSubmit(form, async (v) => {
    const roles = new Map(c.companies.map((co) => [co.id, co.role]));
    await onSave({
      name: v.name,
      emails: v.emails.map((value) => ({ value })),
      phones: v.phones.map((value) => ({ value })),
      whatsappId: v.whatsappId || null,
      website: v.website || null,
      address: {
        street: v.street || null,
        city: v.city || null,
        state: v.state || null,
        postalCode: v.postalCode || null,
      },
      status: v.status,
      leftReason: v.leftReason || null,
      ownerId: v.ownerId,
      tags: v.tags,
      source: v.source || null,
      companies: v.companies.map((companyId) => ({ companyId, role: roles.get(companyId) ?? null })),
    });
  });
  // The server names list items (emails.1.value); show them on the list's input.
  const listError = (name: 'emails' | 'phones') =>
    Object.entries(form.errors).find(([k]) => k.startsWith(`${name}.`))?.[1];
  return (
    <form onSubmit={form.onSubmit(submit.submit)}>
      <Stack gap="sm">
        <TextInput label={t('customers.name')} {...form.getInputProps('name')} />
        <TagsInput label={t('customers.emails')} {...form.getInputProps('emails')} error={listError('emails')} />
        <TagsInput
          label={t('customers.phones')}
          description={t('customers.phonesHelp')}
          {...form.getInputProps('phones')}
          error={listError('phones')}
        />
        <Group grow>
          <TextInput label={t('customers.whatsappId')} {...form.getInputProps('whatsappId')} />
          <TextInput label={t('customers.website')} {...form.getInputProps('website')} />
        </Group>
        <TextInput label={t('customers.street')} {...form.getInputProps('street')} />
        <Group grow>
          <TextInput label={t('customers.city')} {...form.getInputProps('city')} />
          <TextInput label={t('customers.state')} {...form.getInputProps('state')} />
          <TextInput label={t('customers.postalCode')} {...form.getInputProps('postalCode')} />
        </Group>
        <Group grow>
          <Select
            label={t('customers.status')}
            allowDeselect={false}
            data={statuses.map((s) => ({ value: s, label: t(`customers.statuses.${s}`) }))}
            {...form.getInputProps('status')}
          />
          <Select label={t('customers.owner')} clearable data={members} {...form.getInputProps('ownerId')} />
        </Group>
        {form.values.status === 'former' && (
          <TextInput label={t('customers.leftReason')} {...form.getInputProps('leftReason')} />
        )}
        <MultiSelect
          label={t('customers.companiesOf')}
          searchable
          data={companies}
          {...form.getInputProps('companies')}
        />
        <TagsInput label={t('customers.tags')} {...form.getInputProps('tags')} />
        <TextInput label={t('customers.source')} {...form.getInputProps('source')} />
        {submit.error && <Alert color="red">{submit.error}</Alert>}
        <Group>
          <Button type="submit" loading={submit.busy}>
            {t('common.save')}
          </Button>
          <Button variant="subtle" onClick={onCancel}>
            {t('customers.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The persona this contact fits best, with the reasons on hover. */
function PersonaFitLine({ contactId }: { contactId: string }) {
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
