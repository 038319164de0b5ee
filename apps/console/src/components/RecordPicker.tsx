// Choosing a contact or a company by typing part of its name.
import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { customersApi } from '../features/customers/api';

/** Search-as-you-type for a contact or a company. */
export function RecordPicker({
  kind,
  label,
  value,
  onChange,
  disabled,
}: {
  kind: 'contacts' | 'companies';
  label: string;
  value: { id: string; name: string } | null;
  onChange: (v: { id: string; name: string } | null) => void;
  disabled: boolean;
}) {
  const [search, setSearch] = useState(value?.name ?? '');
  const found = useQuery({
    queryKey: [kind, 'pick', search],
    queryFn: () => customersApi.searchRecords(kind, search.trim()),
    enabled: !disabled,
  });
  const options = new Map((found.data?.items ?? []).map((r) => [r.id, r.name]));
  if (value) options.set(value.id, value.name);
  return (
    <Select
      label={label}
      searchable
      clearable
      disabled={disabled}
      data={[...options].map(([id, name]) => ({ value: id, label: name }))}
      value={value?.id ?? null}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(id) => onChange(id ? { id, name: options.get(id) ?? '' } : null)}
      filter={({ options: o }) => o}
    />
  );
}
