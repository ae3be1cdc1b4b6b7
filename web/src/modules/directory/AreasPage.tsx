import { BankOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Empty, Input, Row, Skeleton, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ProblemAlert } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useLabels, useLocalName } from '../../shared/labels';
import { JurisdictionMap } from '../../shared/map/JurisdictionMap';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import './directory.css';
import { useAddressParams } from '../../shared/useAddressParams';
import { areaNodes, matchingAreas } from './areaTree';
import { directoryApi } from './directory.api';
import { type AreaTreeItem, areaLevels } from './directory.types';

/**
 * The jurisdiction as a page of its own: the area tree with administrative codes and the enterprises under each
 * node; choosing a node shows its boundary on the map and leads to the enterprise list filtered to it. The chosen
 * area sits in the address (`?area=`), so a reload or a shared link shows the same.
 */
export default function AreasPage() {
  const { t } = useTranslation();
  usePageTitle(t('areas.title'));
  const isPhone = useIsPhone();
  const format = useFormat();
  const labels = useLabels();
  const localName = useLocalName();
  const canList = usePermission('directory.enterprise.list');
  const [params, setParams] = useAddressParams();
  const selectedId = params.get('area');
  const [search, setSearch] = useState('');
  const tree = useQuery((signal) => directoryApi.getAreaTree(signal), []);
  const config = useQuery((signal) => directoryApi.getPublicConfig(signal), []);
  const geojson = useQuery((signal) => directoryApi.getAreasGeoJson(signal), []);

  const items = tree.data?.items ?? [];
  const { roots, children } = useMemo(() => areaNodes(items), [items]);
  const shown = useMemo(() => matchingAreas(items, search, localName), [items, search, localName]);
  const byId = useMemo(() => new Map(items.map((i) => [i.id, i])), [items]);
  const selected = selectedId ? byId.get(selectedId) : undefined;
  const select = (id: string | null) => setParams(id ? { area: id } : {}, { replace: true });

  const treeData = useMemo(() => {
    const build = (nodes: AreaTreeItem[]): DataNode[] =>
      nodes
        .filter((n) => !shown || shown.has(n.id))
        .map((n) => {
          const below = children.get(n.id) ?? [];
          return {
            key: n.id,
            title: (
              <span className="gz-area-node" data-testid={`area-node-${n.id}`} data-level={n.level} data-enterprises={n.enterprises}>
                <span>{localName(n)}</span>
                <span className="gz-mono gz-area-code">{n.code}</span>
                <Tag icon={<BankOutlined />} style={{ marginInlineEnd: 0 }}>
                  {format.number(n.enterprises)}
                </Tag>
              </span>
            ),
            ...(below.length ? { children: build(below) } : { isLeaf: true }),
          };
        });
    return build(roots);
  }, [roots, children, shown, localName, format]);

  const ancestors = (id: string | null | undefined): string[] => {
    const out: string[] = [];
    for (let a = id ? byId.get(id)?.parentId : null; a; a = byId.get(a)?.parentId ?? null) out.push(a);
    return out;
  };
  // Open at first down to the streets and the way to the chosen area; while searching, the way to every match.
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const initiallyExpanded = useMemo(
    () => items.filter((i) => areaLevels.indexOf(i.level) < areaLevels.indexOf('community')).map((i) => i.id),
    [items],
  );
  const expandedKeys = shown ? [...shown] : [...new Set([...(expanded ?? initiallyExpanded), ...ancestors(selectedId)])];

  const mapHeight = isPhone ? 320 : 520;
  const parent = selected?.parentId ? byId.get(selected.parentId) : undefined;

  return (
    <div data-testid="page-areas" className="gz-stack">
      <div>
        <Typography.Title level={3} className="gz-page-title" style={{ marginBottom: 4 }}>
          {t('areas.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('areas.intro')}</Typography.Text>
      </div>
      {tree.problem && <ProblemAlert problem={tree.problem} onRetry={tree.reload} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('areas.tree')}>
            <Input.Search
              allowClear
              placeholder={t('areas.search')}
              aria-label={t('areas.search')}
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              data-testid="area-search"
              style={{ marginBottom: 12 }}
            />
            {!tree.data ? (
              <Skeleton active paragraph={{ rows: 8 }} />
            ) : treeData.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('areas.empty')} />
            ) : (
              <div className="gz-area-tree" data-testid="area-tree">
                <Tree
                  blockNode
                  showLine
                  treeData={treeData}
                  selectedKeys={selectedId ? [selectedId] : []}
                  expandedKeys={expandedKeys}
                  onExpand={(keys) => {
                    if (!shown) setExpanded(keys.map(String));
                  }}
                  onSelect={(keys) => select(keys.length ? String(keys[0]) : null)}
                  height={isPhone ? 360 : 560}
                />
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <div className="gz-stack">
            <Card size="small" title={t('areas.selected')} data-testid="area-detail">
              {selected ? (
                <>
                  <Descriptions
                    size="small"
                    column={isPhone ? 1 : 2}
                    items={[
                      { key: 'name', label: t('map.name'), children: <span data-testid="area-detail-name">{localName(selected)}</span> },
                      {
                        key: 'code',
                        label: t('areas.code'),
                        children: (
                          <span className="gz-mono" data-testid="area-detail-code">
                            {selected.code}
                          </span>
                        ),
                      },
                      { key: 'level', label: t('areas.level'), children: labels.level(selected.level) },
                      { key: 'parent', label: t('areas.parent'), children: parent ? localName(parent) : t('areas.none') },
                      {
                        key: 'enterprises',
                        label: t('areas.enterprises'),
                        children: (
                          <span data-testid="area-detail-enterprises" data-value={selected.enterprises}>
                            {t('areas.enterpriseCount', { n: format.number(selected.enterprises) })}
                          </span>
                        ),
                      },
                    ]}
                  />
                  {!selected.hasBoundary && <Typography.Text type="secondary">{t('areas.noBoundary')}</Typography.Text>}
                  {canList && (
                    <Link to={`/enterprises?areaId=${encodeURIComponent(selected.id)}`} data-testid="area-enterprises-link">
                      <Button icon={<BankOutlined />} style={{ marginTop: 8 }}>
                        {t('areas.listEnterprises')}
                      </Button>
                    </Link>
                  )}
                </>
              ) : (
                <Typography.Text type="secondary">{t('areas.selectHint')}</Typography.Text>
              )}
            </Card>
            <Card size="small" title={t('map.title')}>
              {config.problem || geojson.problem ? (
                <ProblemAlert
                  problem={(config.problem ?? geojson.problem) as NonNullable<typeof config.problem>}
                  onRetry={() => {
                    config.reload();
                    geojson.reload();
                  }}
                />
              ) : config.data && geojson.data ? (
                <JurisdictionMap
                  areas={geojson.data}
                  settings={config.data.map}
                  height={mapHeight}
                  selectedId={selectedId}
                  onSelect={(area) => select(area?.id ?? null)}
                  showSelection={false}
                />
              ) : (
                <Skeleton.Node active style={{ width: '100%', height: mapHeight }}>
                  <span>{t('map.loading')}</span>
                </Skeleton.Node>
              )}
            </Card>
          </div>
        </Col>
      </Row>
    </div>
  );
}
