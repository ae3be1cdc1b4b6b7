import { Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useLocalName } from '../../shared/labels';
import { directoryApi } from '../directory/directory.api';

const SEARCH_LIMIT = 20;

/**
 * One enterprise, searched by name or credit code in the caller's directory;
 * those who may not list enterprises (an enterprise's own staff) choose among
 * their own organisations. Never loads the whole register.
 */
export function EnterpriseSelect({
  value,
  onChange,
  placeholder,
  testId,
  className,
  allowClear = true,
  id,
}: {
  value?: string | undefined;
  onChange?: (id: string | undefined) => void;
  placeholder?: string;
  testId?: string;
  className?: string;
  allowClear?: boolean;
  id?: string;
}) {
  const { t } = useTranslation();
  const localName = useLocalName();
  const canList = usePermission('directory.enterprise.list');
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');

  // Searching waits for a pause in typing, so each keystroke is not a request.
  useEffect(() => {
    const timer = window.setTimeout(() => setQ(search.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [search]);

  const found = useQuery(
    async (signal) => {
      if (canList) {
        const page = await directoryApi.listEnterprises({ q: q || undefined, limit: SEARCH_LIMIT, offset: 0 }, signal);
        return page.items.map((e) => ({ id: e.id, name: localName(e) }));
      }
      const mine = await directoryApi.listMyOrganisations(signal);
      return mine.items.filter((o) => o.kind === 'enterprise').map((o) => ({ id: o.id, name: localName(o) }));
    },
    [canList, q, localName],
  );

  // The chosen enterprise's name when it is not among the search results (a shared link, say).
  const chosen = useQuery(
    async (signal) => {
      if (!value || found.data?.some((e) => e.id === value)) return null;
      const record = await directoryApi.getOrganisation(value, signal);
      return { id: record.id, name: localName(record) };
    },
    [value],
  );

  const options = useMemo(() => {
    const list = [...(found.data ?? [])];
    if (chosen.data && !list.some((e) => e.id === chosen.data?.id)) list.unshift(chosen.data);
    return list.map((e) => ({ value: e.id, label: e.name }));
  }, [found.data, chosen.data]);

  return (
    <Select<string>
      id={id}
      className={className}
      allowClear={allowClear}
      showSearch={canList ? { filterOption: false, onSearch: setSearch } : { optionFilterProp: 'label' }}
      placeholder={placeholder ?? t('hazards.board.allEnterprises')}
      aria-label={t('hazards.board.enterprise')}
      value={value}
      loading={found.loading}
      onChange={(next) => onChange?.(next ?? undefined)}
      options={options}
      optionRender={(option) => <span data-testid={`enterprise-option-${String(option.value)}`}>{option.label}</span>}
      popupMatchSelectWidth={false}
      data-testid={testId}
    />
  );
}
