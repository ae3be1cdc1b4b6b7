import { App, Button, Descriptions, Drawer, Empty, Input, List, Modal, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { DueTag, LevelTag, useRiskLabels } from './RiskParts';
import { risksApi } from './risks.api';
import type { Assessment, Measure, PointDetail, Reference } from './risks.types';

/** How an assessment was graded, in one line: "LEC D=252 (6×6×7) · LS R=15 · 直接判定". */
export function useAssessmentLine() {
  const { t } = useTranslation();
  return (a: Assessment) =>
    [
      a.lec ? `${t('risks.method.lec')} D=${a.lec.d} (${a.lec.l}×${a.lec.e}×${a.lec.c}) ${t(`risks.level.${a.lec.level}`)}` : null,
      a.ls ? `${t('risks.method.ls')} R=${a.ls.r} (${a.ls.l}×${a.ls.s}) ${t(`risks.level.${a.ls.level}`)}` : null,
      a.direct ? `${t('risks.method.direct')} ${t(`risks.level.${a.direct.level}`)}：${a.direct.basis}` : null,
    ]
      .filter(Boolean)
      .join(' · ');
}

/** One risk point: what it is, how it was graded, who owns its controls, its measures and checks. */
export function PointDetailDrawer({
  pointId,
  version,
  reference,
  onClose,
  onAssess,
  onAddMeasure,
  onEdit,
  onEditMeasure,
  onCheck,
  onChanged,
}: {
  pointId: string;
  /** Bumped by the page after a change, to read the point again. */
  version: number;
  reference: Reference | undefined;
  onClose: () => void;
  onAssess: (point: PointDetail) => void;
  onAddMeasure: (point: PointDetail) => void;
  onEdit: (point: PointDetail) => void;
  onEditMeasure: (measure: Measure, point: PointDetail, ownerName: string) => void;
  onCheck: (measure: Measure, pointName: string) => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const format = useFormat();
  const labels = useRiskLabels(reference);
  const line = useAssessmentLine();
  const detail = useQuery((signal) => risksApi.point(pointId, signal), [pointId, version]);
  const [retiring, setRetiring] = useState(false);
  const [reason, setReason] = useState('');
  const p = detail.data;
  const [retiringMeasure, setRetiringMeasure] = useState<Measure | null>(null);
  const [measureReason, setMeasureReason] = useState('');

  async function retireMeasure() {
    if (!retiringMeasure || !measureReason.trim()) return;
    await risksApi.retireMeasure(retiringMeasure.id, measureReason.trim());
    message.success(t('risks.measure.retired'));
    setRetiringMeasure(null);
    setMeasureReason('');
    onChanged();
  }

  async function retire() {
    if (!p || !reason.trim()) return;
    await risksApi.retirePoint(p.id, reason.trim());
    message.success(t('risks.point.retired'));
    setRetiring(false);
    onChanged();
    onClose();
  }

  return (
    <Drawer open onClose={onClose} size={isPhone ? '100%' : 680} title={p?.name ?? ''} data-testid="risk-point-detail">
      {detail.problem ? <ProblemAlert problem={detail.problem} onRetry={detail.reload} /> : null}
      {!p ? (
        <Skeleton active />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Space wrap>
            <LevelTag level={p.level} testId="risk-detail-level" />
            <Tag>{t(`risks.kind.${p.kind}`)}</Tag>
            {p.abilities.edit && (
              <>
                <Button type="primary" onClick={() => onAssess(p)} data-testid="risk-detail-assess">
                  {t('risks.actions.assess')}
                </Button>
                <Button onClick={() => onAddMeasure(p)} data-testid="risk-detail-measure">
                  {t('risks.actions.addMeasure')}
                </Button>
                <Button onClick={() => onEdit(p)}>{t('risks.actions.edit')}</Button>
                <Button danger onClick={() => setRetiring(true)}>
                  {t('risks.actions.retire')}
                </Button>
              </>
            )}
            <Link to={`/risks/points/${p.id}/card`} data-testid="risk-detail-card">
              <Button>{t('risks.actions.card')}</Button>
            </Link>
          </Space>
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'description', label: t('risks.point.description'), children: p.description || '—' },
              {
                key: 'sources',
                label: t('risks.point.sources'),
                children: p.hazardSources.length ? (
                  <ul className="gz-plain-list">
                    {p.hazardSources.map((s) => (
                      <li key={`${s.accidentType}-${s.description}`}>
                        <Tag color="volcano">{labels.accidentType(s.accidentType)}</Tag>
                        {s.description}
                        {s.factor ? <Typography.Text type="secondary"> · {t(`risks.factor.${s.factor}`)}</Typography.Text> : null}
                      </li>
                    ))}
                  </ul>
                ) : (
                  '—'
                ),
              },
              {
                key: 'assessment',
                label: t('risks.point.assessment'),
                children: p.assessment ? line(p.assessment) : t('risks.level.none'),
              },
              {
                key: 'tiers',
                label: t('risks.point.tiers'),
                children: p.controlTiers ? (
                  <span data-testid="risk-detail-tiers">
                    {t('risks.tiers.owns')}：{p.controlTiers.owns.map(labels.tier).join('、')}
                    {p.controlTiers.implements.length
                      ? `；${t('risks.tiers.implements')}：${p.controlTiers.implements.map(labels.tier).join('、')}`
                      : ''}
                    {p.controlTiers.supervises.length
                      ? `；${t('risks.tiers.supervises')}：${p.controlTiers.supervises.map(labels.tier).join('、')}`
                      : ''}
                  </span>
                ) : (
                  '—'
                ),
              },
              {
                key: 'scheme',
                label: t('risks.point.scheme'),
                children: t('risks.assess.schemeLine', {
                  version: p.scheme.version,
                  area: p.scheme.areaName ?? t('risks.scheme.national'),
                }),
              },
            ]}
          />
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('risks.measure.title')}
          </Typography.Title>
          {p.measures.length === 0 ? (
            <Empty description={t('risks.measure.none')} />
          ) : (
            <List
              size="small"
              bordered
              dataSource={p.measures}
              renderItem={(m) => (
                <List.Item
                  data-testid={`risk-measure-${m.id}`}
                  actions={[
                    ...(p.abilities.recordCheck
                      ? [
                          <Button key="check" size="small" onClick={() => onCheck(m, p.name)} data-testid="risk-measure-check">
                            {t('risks.actions.check')}
                          </Button>,
                        ]
                      : []),
                    ...(p.abilities.edit
                      ? [
                          <Button
                            key="edit"
                            size="small"
                            onClick={() => onEditMeasure(m, p, labels.owner(m.owner))}
                            data-testid="risk-measure-edit"
                          >
                            {t('risks.actions.edit')}
                          </Button>,
                          <Button key="retire" size="small" danger onClick={() => setRetiringMeasure(m)} data-testid="risk-measure-retire">
                            {t('risks.actions.retire')}
                          </Button>,
                        ]
                      : []),
                  ]}
                >
                  <List.Item.Meta
                    title={
                      <Space wrap size={4}>
                        <Tag color="geekblue">{labels.measureType(m.type)}</Tag>
                        {m.description}
                      </Space>
                    }
                    description={
                      <Space wrap size={8}>
                        <span>{labels.owner(m.owner)}</span>
                        <span>{labels.frequency(m.frequency)}</span>
                        <DueTag due={m.due} />
                        <span>
                          {t('risks.measure.nextDue')} {format.date(m.nextDueAt)}
                        </span>
                      </Space>
                    }
                  />
                </List.Item>
              )}
            />
          )}
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('risks.point.history')}
          </Typography.Title>
          <Timeline
            items={[
              ...p.assessments.map((a) => ({
                key: a.id,
                color: 'blue',
                content: (
                  <div>
                    <Space wrap size={6}>
                      <LevelTag level={a.level} />
                      <Typography.Text type="secondary">
                        {format.dateTime(a.assessedAt)} · {a.assessedBy?.name ?? ''} · v{a.scheme.version}
                      </Typography.Text>
                    </Space>
                    <div>{line(a)}</div>
                  </div>
                ),
              })),
              ...p.checks.map((c) => ({
                key: c.id,
                color: c.result === 'failed' ? 'red' : 'green',
                content: (
                  <div data-testid={`risk-check-${c.id}`}>
                    <Typography.Text>
                      {c.result === 'failed' ? t('risks.check.failed') : t('risks.check.passed')} · {format.dateTime(c.checkedAt)} ·{' '}
                      {c.checkedBy?.name ?? ''}
                    </Typography.Text>
                    {c.note ? <div>{c.note}</div> : null}
                    {c.hazard ? <Link to={`/hazards/${c.hazard.id}`}>{t('risks.check.hazardLink', { code: c.hazard.code })}</Link> : null}
                  </div>
                ),
              })),
            ]}
          />
        </Space>
      )}
      <Modal
        open={retiring}
        title={t('risks.point.retireTitle')}
        onCancel={() => setRetiring(false)}
        onOk={retire}
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
      >
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('risks.point.retireReason')}
          maxLength={500}
        />
      </Modal>
      <Modal
        open={retiringMeasure !== null}
        title={t('risks.measure.retireTitle')}
        onCancel={() => setRetiringMeasure(null)}
        onOk={retireMeasure}
        okButtonProps={{ danger: true, disabled: !measureReason.trim(), ...{ 'data-testid': 'risk-measure-retire-confirm' } }}
      >
        <Input.TextArea
          value={measureReason}
          onChange={(e) => setMeasureReason(e.target.value)}
          placeholder={t('risks.measure.retireReason')}
          maxLength={500}
          data-testid="risk-measure-retire-reason"
        />
      </Modal>
    </Drawer>
  );
}
