import { FilePdfOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useFormat } from '../../shared/useFormat';
import { ScoreText } from './InspectionParts';
import type { InspectionDetail } from './inspections.types';
import { itemsOf } from './run';

/** What a completed inspection produced: the hazards its failed items became (each a link) and the report. */
export function ResultCard({ inspection }: { inspection: InspectionDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const items = new Map(itemsOf(inspection.content).map((i) => [i.key, i]));
  return (
    <Card size="small" title={t('inspections.run.completed')} data-testid="inspection-result">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <ScoreText score={inspection.score} />
        {inspection.summary && <Typography.Paragraph style={{ marginBottom: 0 }}>{inspection.summary}</Typography.Paragraph>}
        <div>
          <Typography.Text strong>{t('inspections.run.findings')}</Typography.Text>
          {inspection.findings.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inspections.run.noFindings')} />
          ) : (
            <List
              size="small"
              data-testid="inspection-findings"
              data-count={inspection.findings.length}
              dataSource={inspection.findings}
              rowKey="hazardId"
              renderItem={(finding) => (
                <List.Item data-testid={`finding-${finding.itemKey}`} data-major={finding.major}>
                  <Space orientation="vertical" size={2}>
                    <Space size={6} wrap>
                      <WarningOutlined style={{ color: finding.major ? '#dc2626' : '#d97706' }} />
                      <Link to={`/hazards/${finding.hazardId}`} data-testid={`hazard-link-${finding.hazardId}`} className="gz-mono">
                        {finding.hazardCode}
                      </Link>
                      {finding.major && <Tag color="red">{t('inspections.checklist.major')}</Tag>}
                    </Space>
                    <Typography.Text type="secondary">{items.get(finding.itemKey)?.label ?? finding.itemKey}</Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          )}
        </div>
        {inspection.report && inspection.abilities.downloadReport && (
          <Space orientation="vertical" size={2}>
            <Button
              type="primary"
              icon={<FilePdfOutlined />}
              href={inspection.report.url}
              download={`${inspection.code}.pdf`}
              data-testid="inspection-report"
            >
              {t('inspections.run.downloadReport')}
            </Button>
            <Typography.Text type="secondary">
              {format.dateTime(inspection.report.generatedAt)} · {format.bytes(inspection.report.size)}
            </Typography.Text>
          </Space>
        )}
      </Space>
    </Card>
  );
}
