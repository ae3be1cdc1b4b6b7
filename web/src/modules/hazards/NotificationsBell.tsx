import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import { hazardsApi } from './hazards.api';
import type { AppNotification } from './hazards.types';

const POLL_MS = 60_000;
const SHOWN = 10;

/**
 * The in-app notifications in the header: a bell with the unread count, and
 * the latest ones in a popover. Opening one marks it read and goes to its
 * hazard. Asks again every minute while the page is visible.
 */
export function NotificationsBell() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [tick, setTick] = useState(0);
  const notifications = useQuery((signal) => hazardsApi.notifications({ limit: SHOWN }, signal), [tick]);

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') setTick((n) => n + 1);
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, []);

  // A signed-in user whose server has no notifications route sees no bell at all.
  if (notifications.problem && !notifications.data) return null;

  const unread = notifications.data?.unread ?? 0;
  const english = i18n.language === 'en';
  const text = (pair: { 'zh-CN': string; en: string }) => (english ? pair.en : pair['zh-CN']);

  const openOne = async (item: AppNotification) => {
    setOpen(false);
    if (!item.readAt) {
      try {
        await hazardsApi.markRead(item.id);
      } catch {
        // Reading it matters more than marking it: go on.
      }
      setTick((n) => n + 1);
    }
    if (item.subject?.type === 'hazard') navigate(`/hazards/${encodeURIComponent(item.subject.id)}`);
  };

  const markAll = async () => {
    try {
      await hazardsApi.markAllRead();
    } finally {
      setTick((n) => n + 1);
    }
  };

  const content = (
    <div style={{ width: isPhone ? 290 : 360, maxHeight: 420, overflowY: 'auto' }} data-testid="notifications-list">
      <Spin spinning={notifications.loading && !notifications.data}>
        {(notifications.data?.items.length ?? 0) === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hazards.notifications.empty')} />
        ) : (
          <List
            size="small"
            dataSource={notifications.data?.items ?? []}
            renderItem={(item) => (
              <List.Item
                onClick={() => void openOne(item)}
                style={{ cursor: 'pointer', alignItems: 'flex-start' }}
                data-testid={`notification-${item.id}`}
                data-kind={item.kind}
                data-read={item.readAt ? 'true' : 'false'}
              >
                <div style={{ minWidth: 0 }}>
                  <Typography.Text strong={!item.readAt}>{text(item.title)}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {text(item.body)}
                    </Typography.Text>
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <time dateTime={item.createdAt}>{format.dateTime(item.createdAt)}</time>
                  </Typography.Text>
                </div>
              </List.Item>
            )}
          />
        )}
      </Spin>
    </div>
  );

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      title={
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
          <span>
            {t('hazards.notifications.title')}
            {unread > 0 && (
              <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                {' '}
                · {t('hazards.notifications.unread', { count: unread })}
              </Typography.Text>
            )}
          </span>
          {unread > 0 && (
            <Button type="link" size="small" onClick={() => void markAll()} data-testid="notifications-read-all">
              {t('hazards.notifications.markAll')}
            </Button>
          )}
        </div>
      }
      content={content}
    >
      <Badge count={unread} size="small" overflowCount={99} data-testid="notifications-count" data-count={unread}>
        <Button type="text" icon={<BellOutlined />} aria-label={t('hazards.notifications.open')} data-testid="notifications-bell" />
      </Badge>
    </Popover>
  );
}
