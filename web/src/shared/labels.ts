import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type RoleName, roleNames } from '../modules/access/access.types';
import {
  type AreaLevel,
  areaLevels,
  enterpriseSizes,
  type OrganisationKind,
  organisationKinds,
  type Trade,
  trades,
} from '../modules/directory/directory.types';
import { type EffectiveStatus, effectiveStatuses, type Service, services } from '../modules/entrustment/entrustment.types';

const modules = ['access', 'audit', 'directory', 'entrustment', 'risks'] as const;
const scopeKinds = ['area', 'organisation', 'entrustment'] as const;

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/**
 * Translated names of the codes the server sends (roles, trades, kinds, levels, services, statuses).
 * A code this build does not know yet is shown as it is rather than hidden.
 */
export function useLabels() {
  const { t } = useTranslation();
  return useMemo(
    () => ({
      role: (role: string) => (isOneOf<RoleName>(roleNames, role) ? t(`role.${role}`) : role),
      trade: (trade: string) => (isOneOf<Trade>(trades, trade) ? t(`trade.${trade}`) : trade),
      level: (level: string) => (isOneOf<AreaLevel>(areaLevels, level) ? t(`level.${level}`) : level),
      kind: (kind: string) => (isOneOf<OrganisationKind>(organisationKinds, kind) ? t(`kind.${kind}`) : kind),
      size: (size: string) => (isOneOf(enterpriseSizes, size) ? t(`size.${size}`) : size),
      service: (service: string) => (isOneOf<Service>(services, service) ? t(`service.${service}`) : service),
      entrustmentStatus: (status: string) =>
        isOneOf<EffectiveStatus>(effectiveStatuses, status) ? t(`entrustmentStatus.${status}`) : status,
      /** The module a permission belongs to, e.g. `directory`. */
      module: (module: string) => (isOneOf(modules, module) ? t(`module.${module}`) : module),
      scopeKind: (kind: string) => (isOneOf(scopeKinds, kind) ? t(`mandate.scopeKind.${kind}`) : kind),
    }),
    [t],
  );
}

/** A name in the interface language: the English name where there is one and English is chosen. */
export function useLocalName() {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  return useMemo(() => (item: { name: string; nameEn?: string | null }) => (english && item.nameEn ? item.nameEn : item.name), [english]);
}
