import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../../app/useQuery';
import { volunteersApi } from './volunteers.api';
import type { Bilingual, Catalogue, Skill, VolunteerStatus } from './volunteers.types';

/** Picks the interface language's half of a bilingual text. */
export function useBilingual() {
  const { i18n } = useTranslation();
  return (text: Bilingual | null | undefined) => (text ? (i18n.language === 'en' ? text.en : text['zh-CN']) : '');
}

/** The public catalogue (skills, communities and grids), with lookups by code and id. */
export function useCatalogue() {
  const { i18n } = useTranslation();
  const query = useQuery((signal) => volunteersApi.catalogue(signal), []);
  const data: Catalogue | undefined = query.data;
  const en = i18n.language === 'en';
  const skillName = (code: Skill) => {
    const s = data?.skills.find((k) => k.code === code);
    return s ? (en ? s.name.en : s.name['zh-CN']) : code;
  };
  const areaName = (id: string | null | undefined) => {
    const a = data?.areas.find((x) => x.id === id);
    return a ? (en && a.nameEn ? a.nameEn : a.name) : '';
  };
  /** Options for a select searching by `search`; each label carries the test id `area-<id>`. */
  const areaOptions = (levels: readonly ('community' | 'grid')[]) =>
    (data?.areas ?? [])
      .filter((a) => levels.includes(a.level))
      .map((a) => {
        const text = `${en && a.nameEn ? a.nameEn : a.name}${a.parentName ? ` · ${a.parentName}` : ''}`;
        return { value: a.id, search: text, label: <span data-testid={`area-${a.id}`}>{text}</span> };
      });
  const skillOptions = (data?.skills ?? []).map((s) => ({ value: s.code, label: en ? s.name.en : s.name['zh-CN'] }));
  return { ...query, skillName, areaName, areaOptions, skillOptions };
}

export function StatusTag({ status }: { status: VolunteerStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={status === 'active' ? 'green' : 'default'} data-testid="volunteer-status">
      {t(`volunteers.status.${status}`)}
    </Tag>
  );
}

/** Whole hours and minutes as 1.5 → "1.5"; the unit is said by the column or label. */
export const hoursText = (hours: number, format: { number: (v: number, o?: Intl.NumberFormatOptions) => string }) =>
  format.number(hours, { maximumFractionDigits: 2 });
