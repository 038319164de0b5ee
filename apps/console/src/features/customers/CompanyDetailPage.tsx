// One company: its data, what the team knows about its business, its people, notes and history.
import {
  Alert,
  Anchor,
  Badge,
  Grid,
  Group,
  Loader,
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
import type { Company, CustomerStatus, Profile } from '@atiende/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { can, useSession } from '../../session';
import { CustomSection } from './CustomSection';
import { SectionForm } from './SectionForm';
import { Field, ProfileTabs, Section, StatusBadge } from './shared';
import { CustomerDeals } from '../deals/CustomerDeals';
import { customersApi, recordKeys } from './api';
import { displayAddress } from '../../email-address';

const statuses: CustomerStatus[] = ['prospect', 'active', 'former', 'blocked'];
const businessFields = ['whatTheyDo', 'marketPosition', 'products', 'processes', 'suppliers'] as const;

export function CompanyDetailPage() {
  const { id = '' } = useParams();
  const company = useQuery({ queryKey: ['company', id], queryFn: () => customersApi.getCompany(id) });
  if (company.isPending) return <Loader m="xl" />;
  if (company.isError)
    return (
      <Alert color="red" m="md">
        {company.error.message}
      </Alert>
    );
  return <CompanyView company={company.data} key={company.data.updatedAt} />;
}

function CompanyView({ company: c }: { company: Company }) {
  const { t } = useTranslation();
  const session = useSession().data!;
  const client = useQueryClient();
  const canEdit = can(session, 'agent');
  const business = ((c.profile as Profile).business ?? {}) as Record<string, string | null>;
  const save = async (patch: Record<string, unknown>) => {
    client.setQueryData(['company', c.id], await customersApi.updateCompany(c.id, patch));
    void client.invalidateQueries({ queryKey: ['companies'] });
    void client.invalidateQueries({ queryKey: recordKeys.timeline({ kind: 'companies', id: c.id }) });
  };
  const label = (f: (typeof businessFields)[number]) =>
    t(`customers.fields.${f === 'products' ? 'businessProducts' : f}`);
  return (
    <ScrollArea h="100%">
      <Stack p="md" maw={1100}>
        <Stack gap={4}>
          <Title order={3}>{c.name}</Title>
          <Group gap="xs">
            <StatusBadge status={c.status} />
            {c.sizeBand && (
              <Badge variant="light" color="grape">
                {t(`customers.sizeBands.${c.sizeBand}`)}
              </Badge>
            )}
            {c.tags.map((tag) => (
              <Badge key={tag} variant="outline" size="sm">
                {tag}
              </Badge>
            ))}
          </Group>
        </Stack>
        <ProfileTabs
          record={{ kind: 'companies', id: c.id }}
          canWrite={canEdit}
          extra={[
            {
              value: 'deals',
              label: t('customers.dealsTab'),
              panel: <CustomerDeals company={{ id: c.id, name: c.name }} canWrite={canEdit} />,
            },
          ]}
          profile={
            <Grid>
              <Grid.Col span={{ base: 12, md: 6 }}>
                <Stack>
                  <Section
                    title={t('customers.sections.company')}
                    canEdit={canEdit}
                    view={
                      <Stack gap={6}>
                        <Field label={t('customers.fields.legalName')}>{c.legalName}</Field>
                        <Field label={t('customers.fields.taxId')}>{c.taxId}</Field>
                        <Field label={t('customers.fields.industry')}>{c.industry}</Field>
                        <Field label={t('customers.fields.employees')}>
                          {c.employees === null ? null : String(c.employees)}
                        </Field>
                        <Field label={t('customers.fields.email')}>{displayAddress(c.email)}</Field>
                        <Field label={t('customers.fields.phone')}>{c.phone}</Field>
                        <Field label={t('customers.website')}>{c.website}</Field>
                        <Field label={t('customers.source')}>{c.source}</Field>
                      </Stack>
                    }
                    edit={(done) => (
                      <SectionForm
                        initial={{
                          name: c.name,
                          legalName: c.legalName ?? '',
                          taxId: c.taxId ?? '',
                          industry: c.industry ?? '',
                          employees: c.employees ?? '',
                          email: c.email ?? '',
                          phone: c.phone ?? '',
                          website: c.website ?? '',
                          status: c.status,
                          tags: c.tags,
                          source: c.source ?? '',
                        }}
                        toPatch={(v) => ({
                          name: v.name,
                          legalName: v.legalName || null,
                          taxId: v.taxId || null,
                          industry: v.industry || null,
                          employees: v.employees === '' ? null : Number(v.employees),
                          email: v.email || null,
                          phone: v.phone || null,
                          website: v.website || null,
                          status: v.status,
                          tags: v.tags,
                          source: v.source || null,
                        })}
                        onSave={save}
                        done={done}
                        fields={(form) => (
                          <>
                            <TextInput label={t('customers.name')} {...form.getInputProps('name')} />
                            <Group grow>
                              <TextInput label={t('customers.fields.legalName')} {...form.getInputProps('legalName')} />
                              <TextInput label={t('customers.fields.taxId')} {...form.getInputProps('taxId')} />
                            </Group>
                            <Group grow>
                              <TextInput label={t('customers.fields.industry')} {...form.getInputProps('industry')} />
                              <NumberInput
                                label={t('customers.fields.employees')}
                                min={0}
                                {...form.getInputProps('employees')}
                              />
                            </Group>
                            <Group grow>
                              <TextInput label={t('customers.fields.email')} {...form.getInputProps('email')} />
                              <TextInput label={t('customers.fields.phone')} {...form.getInputProps('phone')} />
                            </Group>
                            <TextInput label={t('customers.website')} {...form.getInputProps('website')} />
                            <Select
                              label={t('customers.status')}
                              allowDeselect={false}
                              data={statuses.map((s) => ({ value: s, label: t(`customers.statuses.${s}`) }))}
                              {...form.getInputProps('status')}
                            />
                            <TagsInput label={t('customers.tags')} {...form.getInputProps('tags')} />
                            <TextInput label={t('customers.source')} {...form.getInputProps('source')} />
                          </>
                        )}
                      />
                    )}
                  />
                  <Section
                    title={t('customers.people')}
                    canEdit={false}
                    view={
                      <Stack gap={4}>
                        {c.contacts.length === 0 ? (
                          <Text size="sm" c="dimmed">
                            {t('customers.empty')}
                          </Text>
                        ) : (
                          c.contacts.map((p) => (
                            <Anchor key={p.id} component={Link} to={`/contacts/${p.id}`} size="sm">
                              {p.name}
                              {p.role ? ` · ${p.role}` : ''}
                            </Anchor>
                          ))
                        )}
                      </Stack>
                    }
                    edit={() => null}
                  />
                </Stack>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 6 }}>
                <Stack>
                  <CustomSection entity="company" values={c.custom} canEdit={canEdit} onSave={save} />
                  <Section
                    title={t('customers.sections.business')}
                    canEdit={canEdit}
                    view={
                      <Stack gap={6}>
                        {businessFields.map((f) => (
                          <Field key={f} label={label(f)}>
                            {business[f]}
                          </Field>
                        ))}
                      </Stack>
                    }
                    edit={(done) => (
                      <SectionForm
                        initial={
                          Object.fromEntries(businessFields.map((f) => [f, business[f] ?? ''])) as Record<
                            (typeof businessFields)[number],
                            string
                          >
                        }
                        toPatch={(v) => ({
                          profile: { business: Object.fromEntries(businessFields.map((f) => [f, v[f] || null])) },
                        })}
                        onSave={save}
                        done={done}
                        fields={(form) => (
                          <>
                            {businessFields.map((f) => (
                              <Textarea key={f} autosize minRows={2} label={label(f)} {...form.getInputProps(f)} />
                            ))}
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
