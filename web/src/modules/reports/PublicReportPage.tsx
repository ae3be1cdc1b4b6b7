import { SendOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Progress, Radio, Segmented, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { type ApiProblem, isApiProblem } from '../../app/api';
import { fieldErrorMessage } from '../../app/formErrors';
import { ProblemAlert, problemMessage } from '../../app/problem';
import { usePermission } from '../../app/session';
import { useQuery } from '../../app/useQuery';
import { useFormat } from '../../shared/useFormat';
import { usePageTitle } from '../../shared/usePageTitle';
import { directoryApi } from '../directory/directory.api';
import { AttributeInput, type ChosenPoint, NearbyOffer, type PendingPhoto, PhotoPicker, WhereField } from './PublicReportParts';
import {
  type NearbyReport,
  type Open311Attribute,
  type Open311Service,
  PHOTO_MAX_BYTES,
  PHOTO_MAX_COUNT,
  publicReportsApi,
  type ReportSubmission,
} from './reports.api';
import './reports.public.css';

interface Values {
  location: ChosenPoint | null;
  serviceCode?: string;
  description?: string;
  address?: string;
  attributes?: Record<string, string | string[] | undefined>;
  identity: 'anonymous' | 'named' | 'volunteer';
  name?: string;
  contact?: string;
}

/** What the tracking page is told by the form that has just filed the report. */
export interface FiledState {
  filed: { code: string; dueAt: string; photosFailed: number };
}

type Stage = 'form' | 'nearby' | 'sending';

/** The other interface language, whose category names are shown beneath for readers of both. */
const otherLocale = (locale: string) => (locale === 'en' ? 'zh-CN' : 'en');

/**
 * 随手拍: a resident reports a hazard without an account. The place (map, device or photo), the
 * category with its questions, a description, photos and, if they wish, a name; before sending,
 * open reports of the same kind close by are offered so a duplicate need not be filed.
 */
export default function PublicReportPage() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  usePageTitle(t('reports.public.title'));
  const locale = i18n.language;
  const [form] = Form.useForm<Values>();

  const config = useQuery((signal) => directoryApi.getPublicConfig(signal), []);
  const areas = useQuery((signal) => publicReportsApi.areas(signal), []);
  const services = useQuery(
    async (signal) => {
      const [own, other] = await Promise.all([
        publicReportsApi.services(locale, signal),
        publicReportsApi.services(otherLocale(locale), signal).catch(() => [] as Open311Service[]),
      ]);
      return { own, other: new Map(other.map((s) => [s.service_code, s.service_name])) };
    },
    [locale],
  );

  const serviceCode = Form.useWatch('serviceCode', form);
  const location = Form.useWatch('location', form) as ChosenPoint | null | undefined;
  // A signed-in volunteer or grid worker files in their own name, which earns points once the report is verified.
  const asVolunteer = usePermission('volunteers.patrol.log');
  const identity = Form.useWatch('identity', form) ?? (asVolunteer ? 'volunteer' : 'anonymous');
  const service = services.data?.own.find((s) => s.service_code === serviceCode);
  const definition = useQuery(
    async (signal) =>
      service?.metadata ? (await publicReportsApi.definition(service.service_code, locale, signal)).attributes : ([] as Open311Attribute[]),
    [service?.service_code, service?.metadata, locale],
  );
  const attributes = [...(definition.data ?? [])].sort((a, b) => a.order - b.order);

  const [photos, setPhotos] = useState<PendingPhoto[]>([]);
  const [declinedPhotoPlace, setDeclinedPhotoPlace] = useState<string | null>(null);
  const [stage, setStage] = useState<Stage>('form');
  const [nearby, setNearby] = useState<NearbyReport[]>([]);
  const [nearbyChecked, setNearbyChecked] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [throttled, setThrottled] = useState<string | null>(null);
  const [uploading, setUploading] = useState<{ n: number; total: number } | null>(null);

  // A photo's recorded place: taken when no point was placed (and shown as such), offered otherwise.
  const photoPlace = photos.find((p) => p.gps)?.gps ?? null;
  const photoPlaceKey = photoPlace ? `${photoPlace.lng},${photoPlace.lat}` : null;
  useEffect(() => {
    if (photoPlace && !form.getFieldValue('location')) {
      form.setFieldValue('location', { ...photoPlace, source: 'photo' });
      void form.validateFields(['location']).catch(() => undefined);
    }
  }, [photoPlace, form]);
  const offerPhotoPlace =
    photoPlace && location && declinedPhotoPlace !== photoPlaceKey && (location.lng !== photoPlace.lng || location.lat !== photoPlace.lat);

  // The nearby check belongs to one place and category; a change asks again.
  const checkKey = location && serviceCode ? `${serviceCode}@${location.lng},${location.lat}` : null;
  useEffect(() => {
    if (checkKey !== nearbyChecked && stage === 'nearby') setStage('form');
  }, [checkKey, nearbyChecked, stage]);

  const showProblem = (error: unknown) => {
    if (!isApiProblem(error)) throw error;
    if (error.status === 429) {
      const seconds = error.retryAfterSeconds;
      setThrottled(
        seconds === undefined
          ? t('reports.public.throttledLater')
          : seconds < 90
            ? t('reports.public.throttled', { seconds: format.number(Math.max(1, Math.ceil(seconds))) })
            : t('reports.public.throttledMinutes', { minutes: format.number(Math.ceil(seconds / 60)) }),
      );
      return;
    }
    const fields = error.bodyFieldErrors;
    const named = new Set(['location', 'serviceCode', 'description', 'address', 'attributes', 'reporter']);
    const placed = fields.filter((f) => named.has(f.field.split('.')[0] ?? ''));
    form.setFields(
      placed.map((f) => {
        const [head, ...rest] = f.field.split('.');
        const name =
          head === 'location'
            ? ['location']
            : head === 'reporter'
              ? [rest[0] === 'contact' ? 'contact' : 'name']
              : head === 'attributes'
                ? ['attributes', rest.join('.')]
                : [head ?? ''];
        const said = /^lies outside every area/.test(f.detail) ? t('reports.public.where.outside') : fieldErrorMessage(f.detail, t);
        return { name, errors: [said] };
      }) as Parameters<typeof form.setFields>[0],
    );
    if (placed.length > 0) {
      const first = placed[0]?.field.split('.')[0];
      form.scrollToField(first === 'reporter' ? 'name' : (first ?? 'location'), { block: 'center' });
    }
    setProblem(error);
  };

  const send = async (values: Values) => {
    if (!values.location || !values.serviceCode) return;
    setStage('sending');
    setProblem(null);
    setThrottled(null);
    // Only the chosen category's questions: answers left from another category are not sent.
    const asked = new Set(attributes.filter((a) => a.variable).map((a) => a.code));
    const answers = Object.fromEntries(
      Object.entries(values.attributes ?? {}).flatMap(([k, v]) =>
        !asked.has(k) || v === undefined || v === '' || (Array.isArray(v) && v.length === 0) ? [] : [[k, v] as const],
      ),
    );
    const body: ReportSubmission = {
      serviceCode: values.serviceCode,
      description: values.description?.trim() ?? '',
      location: { lng: values.location.lng, lat: values.location.lat },
      ...(values.address?.trim() ? { address: values.address.trim() } : {}),
      ...(Object.keys(answers).length ? { attributes: answers } : {}),
      ...(values.identity === 'named' && values.name?.trim()
        ? { reporter: { name: values.name.trim(), ...(values.contact?.trim() ? { contact: values.contact.trim() } : {}) } }
        : {}),
    };
    let filed: Awaited<ReturnType<typeof publicReportsApi.submit>>;
    try {
      filed = values.identity === 'volunteer' ? await publicReportsApi.submitAsVolunteer(body) : await publicReportsApi.submit(body);
    } catch (error) {
      setStage('form');
      showProblem(error);
      return;
    }
    // The report is filed; photos follow one by one, each with its progress. A refused photo is reported, the report stands.
    let failed = 0;
    const mark = (id: string, change: Partial<PendingPhoto>) => setPhotos((all) => all.map((p) => (p.id === id ? { ...p, ...change } : p)));
    for (const [i, photo] of photos.entries()) {
      setUploading({ n: i + 1, total: photos.length });
      mark(photo.id, { progress: 0 });
      try {
        await publicReportsApi.addPhoto(filed.token, photo.file, {
          onProgress: (sent, total) => mark(photo.id, { progress: total > 0 ? Math.round((sent / total) * 100) : 0 }),
        });
        mark(photo.id, { progress: 100 });
      } catch (error) {
        failed += 1;
        const reason = isApiProblem(error)
          ? error.bodyFieldErrors[0]
            ? fieldErrorMessage(error.bodyFieldErrors[0].detail, t)
            : problemMessage(error, t, locale)
          : String(error);
        mark(photo.id, { error: t('reports.public.photoFailed', { name: photo.file.name, reason }) });
      }
    }
    setUploading(null);
    const state: FiledState = { filed: { code: filed.code, dueAt: filed.dueAt, photosFailed: failed } };
    navigate(`/report/${encodeURIComponent(filed.token)}`, { state });
  };

  const onFinish = async (values: Values) => {
    if (!values.location || !values.serviceCode) return;
    setProblem(null);
    setThrottled(null);
    if (checkKey && nearbyChecked !== checkKey) {
      setStage('sending');
      try {
        const found = await publicReportsApi.nearby(values.location, values.serviceCode);
        setNearbyChecked(checkKey);
        if (found.items.length > 0) {
          setNearby(found.items);
          setStage('nearby');
          return;
        }
      } catch {
        // The suggestion is a courtesy: when it cannot be had, the report is sent all the same.
      }
    }
    await send(values);
  };

  const busy = stage === 'sending';
  const mb = Math.round(PHOTO_MAX_BYTES / 1024 / 1024);

  return (
    <div className="gz-report gz-stack" data-testid="page-report-file">
      <header className="gz-report-head">
        <Typography.Title level={3}>{t('reports.public.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('reports.public.intro')}</Typography.Paragraph>
        <Alert type="error" showIcon title={t('reports.public.emergency')} />
      </header>

      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark="optional"
        initialValues={{ location: null, identity: asVolunteer ? 'volunteer' : 'anonymous' }}
        onFinish={(values) => void onFinish(values)}
        onFinishFailed={({ errorFields }) => {
          const first = errorFields[0];
          if (first) form.scrollToField(first.name, { block: 'center' });
        }}
        disabled={busy}
        scrollToFirstError={false}
      >
        <Card title={`1 · ${t('reports.public.step.where')}`} size="small" className="gz-report-card">
          {config.data ? (
            <Form.Item
              name="location"
              label={t('reports.public.where.label')}
              rules={[{ validator: (_r, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('reports.public.where.required')))) }]}
              required
            >
              <WhereField settings={config.data.map} areas={areas.data} nearby={stage === 'nearby' ? nearby : []} />
            </Form.Item>
          ) : config.problem ? (
            <ProblemAlert problem={config.problem} onRetry={config.reload} />
          ) : (
            <Skeleton active />
          )}
          {offerPhotoPlace && photoPlace && (
            <Alert
              type="info"
              showIcon
              data-testid="report-photo-place-offer"
              title={t('reports.public.where.photoOffer', { lat: photoPlace.lat.toFixed(5), lng: photoPlace.lng.toFixed(5) })}
              action={
                <Space orientation="vertical" size={4}>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => form.setFieldValue('location', { ...photoPlace, source: 'photo' })}
                    data-testid="report-photo-place-use"
                  >
                    {t('reports.public.where.usePhoto')}
                  </Button>
                  <Button size="small" onClick={() => setDeclinedPhotoPlace(photoPlaceKey)}>
                    {t('reports.public.nearby.back')}
                  </Button>
                </Space>
              }
            />
          )}
          <Form.Item name="address" label={t('reports.public.where.address')}>
            <Input maxLength={300} placeholder={t('reports.public.where.addressPlaceholder')} data-testid="report-address" />
          </Form.Item>
        </Card>

        <Card title={`2 · ${t('reports.public.step.what')}`} size="small" className="gz-report-card">
          {services.problem ? (
            <Alert
              type="error"
              showIcon
              title={t('reports.public.what.loadFailed')}
              action={
                <Button size="small" onClick={services.reload}>
                  {t('reports.public.what.retry')}
                </Button>
              }
            />
          ) : !services.data ? (
            <Skeleton active />
          ) : (
            <Form.Item
              name="serviceCode"
              label={t('reports.public.what.category')}
              rules={[{ required: true, message: t('reports.public.what.categoryRequired') }]}
            >
              <Radio.Group className="gz-report-services" data-testid="report-service">
                {services.data.own.map((s) => {
                  const other = services.data?.other.get(s.service_code);
                  return (
                    <Radio key={s.service_code} value={s.service_code} className="gz-report-service">
                      <span className="gz-report-service-label" data-testid={`report-service-${s.service_code}`}>
                        <span className="gz-report-service-name">{s.service_name}</span>
                        {other && other !== s.service_name && <span className="gz-report-service-other">{other}</span>}
                        <span className="gz-report-service-desc">{s.description}</span>
                      </span>
                    </Radio>
                  );
                })}
              </Radio.Group>
            </Form.Item>
          )}
          {attributes.map((a) =>
            a.variable ? (
              <Form.Item
                key={a.code}
                name={['attributes', a.code]}
                label={a.description}
                rules={a.required ? [{ required: true, message: t('reports.public.what.answerRequired') }] : []}
              >
                <AttributeInput attribute={a} />
              </Form.Item>
            ) : (
              <Alert
                key={a.code}
                type="warning"
                showIcon
                title={a.description}
                className="gz-report-notice"
                data-testid={`report-notice-${a.code}`}
              />
            ),
          )}
          <Form.Item
            name="description"
            label={t('reports.public.what.description')}
            rules={[{ required: true, whitespace: true, message: t('reports.public.what.descriptionRequired') }]}
          >
            <Input.TextArea
              rows={4}
              maxLength={4000}
              showCount
              placeholder={t('reports.public.what.descriptionPlaceholder')}
              data-testid="report-text"
            />
          </Form.Item>
        </Card>

        <Card title={`3 · ${t('reports.public.step.photos')}`} size="small" className="gz-report-card">
          <Typography.Paragraph>{t('reports.public.photos.label', { max: PHOTO_MAX_COUNT, mb })}</Typography.Paragraph>
          <PhotoPicker photos={photos} onChange={setPhotos} disabled={busy} />
        </Card>

        <Card title={`4 · ${t('reports.public.step.who')}`} size="small" className="gz-report-card">
          <Form.Item name="identity" label={t('reports.public.who.label')}>
            <Segmented
              block
              options={[
                ...(asVolunteer
                  ? [{ value: 'volunteer', label: <span data-testid="report-volunteer">{t('reports.public.who.volunteer')}</span> }]
                  : []),
                { value: 'anonymous', label: <span data-testid="report-anonymous">{t('reports.public.who.anonymous')}</span> },
                {
                  value: 'named',
                  label: (
                    <span data-testid="report-named">
                      <UserOutlined /> {t('reports.public.who.named')}
                    </span>
                  ),
                },
              ]}
            />
          </Form.Item>
          {identity === 'volunteer' ? (
            <Typography.Text type="secondary" data-testid="report-volunteer-note">
              {t('reports.public.who.volunteerNote')}
            </Typography.Text>
          ) : identity === 'named' ? (
            <>
              <Alert
                type="info"
                showIcon
                title={t('reports.public.who.note')}
                className="gz-report-notice"
                data-testid="report-named-note"
              />
              <Form.Item
                name="name"
                label={t('reports.public.who.name')}
                rules={[{ required: true, whitespace: true, message: t('reports.public.who.nameRequired') }]}
              >
                <Input maxLength={100} autoComplete="name" data-testid="report-name" />
              </Form.Item>
              <Form.Item name="contact" label={t('reports.public.who.contact')}>
                <Input maxLength={200} autoComplete="tel" inputMode="tel" data-testid="report-contact" />
              </Form.Item>
            </>
          ) : (
            <Typography.Text type="secondary">{t('reports.public.who.anonymousNote')}</Typography.Text>
          )}
        </Card>

        {throttled && (
          <Alert type="warning" showIcon role="alert" title={throttled} data-testid="report-throttled" className="gz-report-notice" />
        )}
        {problem && <ProblemAlert problem={problem} showDetail={problem.bodyFieldErrors.length === 0} testId="report-problem" />}
        {uploading && (
          <div data-testid="report-uploading">
            <Typography.Text>{t('reports.public.uploading', uploading)}</Typography.Text>
            <Progress percent={Math.round(((uploading.n - 1) / uploading.total) * 100)} />
          </div>
        )}

        {stage === 'nearby' ? (
          <NearbyOffer
            items={nearby}
            onBack={() => {
              // Sending again asks again: only "file anyway" passes over the suggestion.
              setNearbyChecked(null);
              setStage('form');
            }}
            onFileAnyway={() => {
              void send(form.getFieldsValue(true) as Values);
            }}
          />
        ) : (
          <Button type="primary" htmlType="submit" size="large" block icon={<SendOutlined />} loading={busy} data-testid="report-submit">
            {busy ? t('reports.public.sending') : t('reports.public.submit')}
          </Button>
        )}
      </Form>
    </div>
  );
}
