import { Card, Descriptions, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../app/problem';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { auditApi } from './audit.api';

/**
 * The published head of the audit chain, for everyone (the public mandate page): the newest entry's number, hash
 * and time, and the `<seq>:<hash>` text to keep and check later, so that a removal of entries cannot go unseen.
 */
export function AuditHeadCard() {
  const { t } = useTranslation();
  const format = useFormat();
  const isPhone = useIsPhone();
  const head = useQuery((signal) => auditApi.head(signal), []);
  return (
    <Card size="small" title={t('auditHead.title')} data-testid="audit-head">
      <Typography.Paragraph type="secondary">{t('auditHead.intro')}</Typography.Paragraph>
      {head.problem ? (
        <ProblemAlert problem={head.problem} onRetry={head.reload} />
      ) : !head.data ? (
        <Skeleton active title={false} paragraph={{ rows: 3 }} />
      ) : head.data.seq === 0 ? (
        <Typography.Text type="secondary">{t('auditHead.empty')}</Typography.Text>
      ) : (
        <Descriptions
          size="small"
          column={1}
          layout={isPhone ? 'vertical' : 'horizontal'}
          items={[
            {
              key: 'seq',
              label: t('auditHead.seq'),
              children: (
                <span data-testid="audit-head-seq" data-value={head.data.seq}>
                  {format.number(head.data.seq)}
                </span>
              ),
            },
            { key: 'at', label: t('auditHead.at'), children: head.data.at ? format.dateTime(head.data.at) : '' },
            {
              key: 'hash',
              label: t('auditHead.hash'),
              children: (
                <span className="gz-mono gz-break" data-testid="audit-head-hash">
                  {head.data.hash}
                </span>
              ),
            },
            {
              key: 'expect',
              label: t('auditHead.expect'),
              children: (
                <Typography.Text className="gz-mono gz-break" copyable data-testid="audit-head-expect">
                  {head.data.expect}
                </Typography.Text>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
