import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { ProblemResult } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useIsPhone } from '../../shared/useMediaQuery';
import { usePageTitle } from '../../shared/usePageTitle';
import { PersonAccountCard } from '../access/PersonAccountCard';
import { PersonGrantsCard } from '../access/PersonGrantsCard';
import { AuditHistory } from '../audit/AuditHistory';
import { directoryApi } from './directory.api';
import type { Person } from './directory.types';
import type { PersonLinkState } from './PeoplePage';
import { Masked, RevealButton, RevealModal } from './PersonParts';

/**
 * One person: their details (masked), the roles they hold or held, their
 * sign-in, and the history of changes to them, each part shown only to those
 * whose mandate includes it.
 */
export default function PersonPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const seeded = (location.state as PersonLinkState | null)?.person;
  const canReadGrants = usePermission('access.grant.read');
  const canReadHistory = usePermission('audit.history.read');
  const [historyKey, setHistoryKey] = useState(0);
  const [revealing, setRevealing] = useState<Person | null>(null);
  const detail = useQuery((signal) => directoryApi.getPerson(id, signal), [id]);
  // The person from the list link shows at once; the server's answer replaces it. A server without the
  // single-person route (a plain `not_found`, unlike `directory.person_not_found`) leaves the list's copy.
  const routeMissing = detail.problem?.status === 404 && detail.problem.code === 'not_found';
  const person = detail.data ?? (seeded?.id === id && (detail.loading || routeMissing) ? seeded : undefined);
  usePageTitle(person?.name ?? t('people.title'));
  const changed = () => setHistoryKey((n) => n + 1);

  return (
    <div data-testid="page-person" className="gz-stack">
      <div>
        <Link to="/people">
          <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }}>
            {t('person.back')}
          </Button>
        </Link>
      </div>
      {!person && detail.problem ? (
        <ProblemResult problem={detail.problem} onRetry={detail.reload} />
      ) : !person ? (
        <Card>
          <Skeleton active paragraph={{ rows: 4 }} />
        </Card>
      ) : (
        <>
          <div className="gz-page-head">
            <Typography.Title level={3} className="gz-page-title" data-testid="person-name-text">
              {person.name}
            </Typography.Title>
            <RevealButton person={person} onReveal={setRevealing} />
          </div>
          <PersonDetails person={person} />
          {canReadGrants && (
            <>
              <PersonGrantsCard personId={person.id} onChange={changed} />
              <PersonAccountCard personId={person.id} onChange={changed} />
            </>
          )}
          {canReadHistory && <AuditHistory targetType="person" targetId={person.id} refreshKey={historyKey} />}
          <RevealModal
            person={revealing}
            onClose={() => {
              setRevealing(null);
              // The view has been recorded: the history shows it.
              changed();
            }}
          />
        </>
      )}
    </div>
  );
}

function PersonDetails({ person }: { person: Person }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  return (
    <Card size="small">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Descriptions
          className="gz-descriptions"
          bordered={!isPhone}
          layout={isPhone ? 'vertical' : 'horizontal'}
          size="small"
          column={{ xs: 1, sm: 1, md: 3 }}
          items={[
            { key: 'name', label: t('people.name'), children: person.name },
            { key: 'idNumber', label: t('people.idNumber'), children: <Masked value={person.idNumber} testId="person-id-number-masked" /> },
            { key: 'phone', label: t('people.phone'), children: <Masked value={person.phone} testId="person-phone-masked" /> },
            { key: 'email', label: t('people.email'), children: <Masked value={person.email} testId="person-email-masked" /> },
          ]}
        />
        <Typography.Text type="secondary">{t('people.maskedHint')}</Typography.Text>
      </Space>
    </Card>
  );
}
