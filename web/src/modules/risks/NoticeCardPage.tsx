import { PrinterOutlined } from '@ant-design/icons';
import { Button, Skeleton, Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { usePageTitle } from '../../shared/usePageTitle';
import { useAssessmentLine } from './PointDetailDrawer';
import { textOn, useReference, useRiskLabels } from './RiskParts';
import { risksApi } from './risks.api';
import './risks.css';
import { levelColours, type MeasureType, measureTypes, unassessedColour } from './risks.types';

/**
 * The risk notice card (风险告知卡) of one risk point, to post at the place: its
 * level and colour, the accidents it could lead to, its hazards, its controls and
 * emergency measures, and who answers for them. Prints on one A4 page.
 */
export default function NoticeCardPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const detail = useQuery((signal) => risksApi.point(id, signal), [id]);
  const reference = useReference();
  const labels = useRiskLabels(reference.data);
  const line = useAssessmentLine();
  const p = detail.data;
  usePageTitle(p ? t('risks.card.pageTitle', { name: p.name }) : t('risks.card.title'));

  // The app's frame is left off the printout.
  useEffect(() => {
    document.body.classList.add('gz-printing');
    return () => document.body.classList.remove('gz-printing');
  }, []);

  if (detail.problem) return <ProblemAlert problem={detail.problem} onRetry={detail.reload} />;
  if (!p) return <Skeleton active />;
  const colour = p.level ? levelColours[p.level] : unassessedColour;
  const byType = (type: MeasureType) => p.measures.filter((m) => m.type === type);
  const controls = measureTypes.filter((type) => type !== 'emergency' && byType(type).length > 0);
  const owners = [...new Set(p.measures.map((m) => labels.owner(m.owner)))];

  return (
    <div data-testid="page-risk-card">
      <Space className="gz-no-print" style={{ marginBottom: 16 }} wrap>
        <Link to={`/risks/enterprises/${p.enterpriseId}`}>
          <Button>{t('risks.card.back')}</Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="risk-card-print">
          {t('risks.card.print')}
        </Button>
      </Space>
      <article className="gz-notice-card" data-testid="risk-card" data-level={p.level ?? 'none'}>
        <h1>{t('risks.card.title')}</h1>
        <div className="gz-notice-band" style={{ background: colour, color: textOn(p.level) }} data-testid="risk-card-level">
          {labels.level(p.level)}
        </div>
        <table>
          <tbody>
            <tr>
              <th>{t('risks.card.enterprise')}</th>
              <td>{p.enterprise.name}</td>
            </tr>
            <tr>
              <th>{t('risks.card.point')}</th>
              <td data-testid="risk-card-name">
                {p.name}（{t(`risks.kind.${p.kind}`)}）{p.description ? <div>{p.description}</div> : null}
              </td>
            </tr>
            <tr>
              <th>{t('risks.card.accidents')}</th>
              <td>{[...new Set(p.hazardSources.map((s) => labels.accidentType(s.accidentType)))].join('、') || '—'}</td>
            </tr>
            <tr>
              <th>{t('risks.card.hazards')}</th>
              <td>
                {p.hazardSources.length ? (
                  <ul>
                    {p.hazardSources.map((s) => (
                      <li key={`${s.accidentType}-${s.description}`}>{s.description}</li>
                    ))}
                  </ul>
                ) : (
                  '—'
                )}
              </td>
            </tr>
            <tr>
              <th>{t('risks.card.controls')}</th>
              <td>
                {controls.length ? (
                  <ul>
                    {controls.flatMap((type) =>
                      byType(type).map((m) => (
                        <li key={m.id}>
                          {labels.measureType(type)}：{m.description}
                        </li>
                      )),
                    )}
                  </ul>
                ) : (
                  '—'
                )}
              </td>
            </tr>
            <tr>
              <th>{t('risks.card.emergency')}</th>
              <td>
                {byType('emergency').length ? (
                  <ul>
                    {byType('emergency').map((m) => (
                      <li key={m.id}>{m.description}</li>
                    ))}
                  </ul>
                ) : (
                  t('risks.card.emergencyDefault')
                )}
              </td>
            </tr>
            <tr>
              <th>{t('risks.card.responsible')}</th>
              <td>
                {p.controlTiers ? `${p.controlTiers.owns.map(labels.tier).join('、')}` : '—'}
                {owners.length ? `；${owners.join('、')}` : ''}
              </td>
            </tr>
            <tr>
              <th>{t('risks.card.assessment')}</th>
              <td>{p.assessment ? line(p.assessment) : t('risks.level.none')}</td>
            </tr>
          </tbody>
        </table>
        <div className="gz-notice-foot">
          <span>{t('risks.card.warning')}</span>
          <span>
            {t('risks.card.date')} {p.assessment ? format.date(p.assessment.assessedAt) : format.date(p.updatedAt)}
          </span>
        </div>
      </article>
    </div>
  );
}
