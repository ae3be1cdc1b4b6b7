import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Empty, List, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { verifyPath } from './EntrustmentDetailPage';
import { ServiceTags, StatusTag, Validity } from './EntrustmentParts';
import { entrustmentApi } from './entrustment.api';

/**
 * For an enterprise: the providers entrusted to work at it right now, each
 * with the link an inspector's visit can be checked against.
 */
export function CoveringEntrustmentsCard() {
  const { t } = useTranslation();
  const covering = useQuery((signal) => entrustmentApi.coveringMe(signal), []);
  return (
    <Card title={t('covering.title')} size="small" data-testid="covering-entrustments">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('covering.hint')}
      </Typography.Paragraph>
      {covering.problem ? (
        <ProblemAlert problem={covering.problem} onRetry={covering.reload} />
      ) : !covering.data ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : covering.data.items.length === 0 ? (
        <Empty description={t('covering.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <List
          itemLayout="vertical"
          dataSource={covering.data.items}
          renderItem={(entrustment) => (
            <List.Item key={entrustment.id} data-testid={`covering-${entrustment.id}`}>
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <Space size={8} wrap>
                  <Typography.Text strong>{entrustment.provider.name}</Typography.Text>
                  <StatusTag status={entrustment.status} />
                </Space>
                <Typography.Text type="secondary">{entrustment.title}</Typography.Text>
                <ServiceTags services={entrustment.services} />
                <Typography.Text type="secondary">
                  {t('entrustments.validity')}: <Validity from={entrustment.validFrom} until={entrustment.validUntil} />
                </Typography.Text>
                <Typography.Text type="secondary">
                  {t('entrustments.regulator')}: {entrustment.regulator.name} · {t('entrustments.code')}:{' '}
                  <span className="gz-mono">{entrustment.code}</span>
                </Typography.Text>
                <Link to={verifyPath(entrustment.code)}>
                  <Button size="small" icon={<SafetyCertificateOutlined />} data-testid={`covering-verify-${entrustment.id}`}>
                    {t('covering.verify')}
                  </Button>
                </Link>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
