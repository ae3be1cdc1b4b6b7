import { Alert, Button, Result } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../shared/format';
import { type ApiProblem, clientProblemCodes } from './api';
import { i18n } from './i18n';

/** A short sentence in the interface language for a problem; the server's own title for codes we do not know. */
export function problemMessage(problem: ApiProblem, t: TFunction, locale: string): string {
  switch (problem.code) {
    case 'auth.invalid_credentials':
      return t('problem.auth.invalid_credentials');
    case 'auth.throttled': {
      const seconds = problem.retryAfterSeconds;
      if (seconds === undefined) return t('problem.auth.throttledNoTime');
      if (seconds < 90) return t('problem.auth.throttled', { seconds: formatNumber(Math.max(1, Math.ceil(seconds)), locale) });
      return t('problem.auth.throttledMinutes', { minutes: formatNumber(Math.ceil(seconds / 60), locale) });
    }
    case 'auth.required':
      return t('problem.auth.required');
    case 'auth.forbidden':
      return t('problem.auth.forbidden');
    case 'auth.csrf':
      return t('problem.auth.csrf');
    case 'request.invalid':
      return t('problem.request.invalid');
    case 'service.unavailable':
      return t('problem.service.unavailable');
    case 'internal':
      return t('problem.internal');
    case 'not_found':
      return t('problem.not_found');
    case clientProblemCodes.network:
      return t('problem.client.network');
    case clientProblemCodes.badResponse:
      return t('problem.client.bad_response');
    default: {
      // A module's code with a sentence of its own (`problem.directory.person_duplicate`), else the server's title.
      const key = `problem.${problem.code}`;
      if (/^[a-z_]+\.[a-z_]+$/.test(problem.code) && i18n.exists(key)) return t(key as 'problem.generic');
      return problem.title || t('problem.generic');
    }
  }
}

/** The problem as an alert: our sentence, with the server's detail beneath it. */
export function ProblemAlert({
  problem,
  onRetry,
  testId,
  showDetail = true,
}: {
  problem: ApiProblem;
  onRetry?: () => void;
  testId?: string;
  /** False when the form shows each invalid field beside its input already. */
  showDetail?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const message = problemMessage(problem, t, i18n.language);
  const detail = showDetail && problem.detail && problem.detail !== message ? problem.detail : undefined;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid={testId ?? 'problem'}
      data-problem-code={problem.code}
      title={message}
      description={detail}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('result.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}

/** A whole-page failure to load, with a retry button. */
export function ProblemResult({ problem, onRetry }: { problem: ApiProblem; onRetry?: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <Result
      status={problem.status === 403 ? '403' : problem.status === 404 ? '404' : 'error'}
      title={t('result.loadFailed')}
      subTitle={[problemMessage(problem, t, i18n.language), problem.detail].filter(Boolean).join(' — ')}
      extra={
        onRetry ? (
          <Button type="primary" onClick={onRetry}>
            {t('result.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
