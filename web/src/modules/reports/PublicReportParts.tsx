import { AimOutlined, CameraOutlined, CloseOutlined, DeleteOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Input, Progress, Radio, Space, Typography } from 'antd';
import exifr from 'exifr';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FeatureMap, type MapFeature } from '../../shared/map/FeatureMap';
import { useFormat } from '../../shared/useFormat';
import type { AreaFeatureCollection, PublicConfig } from '../directory/directory.types';
import { type NearbyReport, type Open311Attribute, PHOTO_MAX_BYTES, PHOTO_MAX_COUNT, PHOTO_TYPES, type Point } from './reports.api';
import { photoRefusal } from './reports.public';

/** Where the chosen point came from; shown beside it so a photo's place is never taken silently. */
export type PointSource = 'map' | 'device' | 'photo';
export interface ChosenPoint extends Point {
  source: PointSource;
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * The hazard's place: a tap on the map, the device's position, or (offered by the photo picker) the
 * place a photo was taken. A controlled field for the form item named `location`.
 */
export function WhereField({
  value,
  onChange,
  settings,
  areas,
  nearby,
}: {
  value?: ChosenPoint | null;
  onChange?: (next: ChosenPoint | null) => void;
  settings: PublicConfig['map'];
  areas: AreaFeatureCollection | undefined;
  nearby: readonly NearbyReport[];
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [locating, setLocating] = useState(false);
  const [failure, setFailure] = useState<'denied' | 'unavailable' | null>(null);
  const point = value ?? null;

  const features = useMemo<MapFeature[]>(
    () => [
      ...nearby.map((n) => ({
        id: `nearby-${n.code}`,
        point: n.location,
        colour: '#f59e0b',
        label: `${n.code} · ${n.description}`,
        tag: 'nearby',
      })),
      ...(point ? [{ id: 'pin', point, colour: '#dc2626', label: t('reports.public.where.label'), tag: 'pin' }] : []),
    ],
    [point, nearby, t],
  );

  const locate = () => {
    setFailure(null);
    if (typeof navigator === 'undefined' || !('geolocation' in navigator)) {
      setFailure('unavailable');
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        onChange?.({ lng: round6(position.coords.longitude), lat: round6(position.coords.latitude), source: 'device' });
      },
      (error) => {
        setLocating(false);
        setFailure(error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable');
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  return (
    <div className="gz-report-where" data-testid="report-where">
      <Typography.Paragraph type="secondary" className="gz-report-hint">
        {t('reports.public.where.hint')}
      </Typography.Paragraph>
      <FeatureMap
        settings={settings}
        features={features}
        areas={areas}
        onPick={(at) => onChange?.({ ...at, source: 'map' })}
        height={280}
        testId="report-pick-map"
      />
      <div
        className="gz-report-point"
        data-testid="report-point"
        data-lng={point?.lng ?? ''}
        data-lat={point?.lat ?? ''}
        data-source={point?.source ?? ''}
      >
        <EnvironmentOutlined />
        {point ? (
          <Typography.Text className="gz-mono">
            {t('reports.public.where.chosen')}
            {': '}
            {format.lngLat(point.lng, point.lat)}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('reports.public.where.none')}</Typography.Text>
        )}
        {point && (
          <Button
            size="small"
            type="text"
            icon={<CloseOutlined />}
            onClick={() => onChange?.(null)}
            aria-label={t('reports.public.where.clear')}
            data-testid="report-point-clear"
          />
        )}
      </div>
      {point?.source === 'photo' && (
        <Alert type="info" showIcon title={t('reports.public.where.fromPhoto')} data-testid="report-point-from-photo" />
      )}
      <Button icon={<AimOutlined />} onClick={locate} loading={locating} block data-testid="report-locate">
        {locating ? t('reports.public.where.locating') : t('reports.public.where.useMine')}
      </Button>
      {failure && (
        <Alert
          type="warning"
          showIcon
          title={failure === 'denied' ? t('reports.public.where.denied') : t('reports.public.where.unavailable')}
          data-testid="report-locate-failed"
        />
      )}
    </div>
  );
}

/** A photo waiting to be sent, with the place it was taken when its EXIF says. */
export interface PendingPhoto {
  id: string;
  file: File;
  url: string;
  gps: Point | null;
  /** Upload progress 0–100 while sending, or the reason it failed. */
  progress?: number;
  error?: string;
}

let photoSeq = 0;

/** The place recorded in a photo's EXIF, when there is one (read in the browser; the server strips it). */
async function gpsOf(file: File): Promise<Point | null> {
  try {
    const gps = await exifr.gps(file);
    if (gps && Number.isFinite(gps.latitude) && Number.isFinite(gps.longitude) && (gps.latitude !== 0 || gps.longitude !== 0))
      return { lng: round6(gps.longitude), lat: round6(gps.latitude) };
  } catch {
    // No EXIF, or not readable: the photo simply carries no place.
  }
  return null;
}

/**
 * Photos chosen on the device: JPEG, PNG or WebP within the server's size and count limits, as
 * thumbnails that can be removed. Files outside the limits are refused here with the reason.
 */
export function PhotoPicker({
  photos,
  onChange,
  disabled,
}: {
  photos: PendingPhoto[];
  onChange: (next: PendingPhoto[]) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [refused, setRefused] = useState<string[]>([]);
  const latest = useRef(photos);
  latest.current = photos;
  const mb = Math.round(PHOTO_MAX_BYTES / 1024 / 1024);

  // Object URLs are released when their photo leaves the list.
  const urls = useRef(new Set<string>());
  useEffect(() => {
    const now = new Set(photos.map((p) => p.url));
    for (const url of urls.current) if (!now.has(url)) URL.revokeObjectURL(url);
    urls.current = now;
  }, [photos]);
  useEffect(
    () => () => {
      for (const url of urls.current) URL.revokeObjectURL(url);
    },
    [],
  );

  const add = async (files: FileList | null) => {
    if (!files) return;
    const problems: string[] = [];
    const accepted: PendingPhoto[] = [];
    for (const file of Array.from(files)) {
      const refusal = photoRefusal(file, latest.current.length + accepted.length);
      if (refusal === 'tooMany') {
        problems.push(t('reports.public.photos.tooMany', { max: PHOTO_MAX_COUNT }));
        break;
      }
      if (refusal) problems.push(t(`reports.public.photos.${refusal}`, { name: file.name, mb }));
      else {
        photoSeq += 1;
        accepted.push({ id: `photo-${photoSeq}`, file, url: URL.createObjectURL(file), gps: null });
      }
    }
    setRefused(problems);
    if (input.current) input.current.value = '';
    if (accepted.length === 0) return;
    const withPlaces = await Promise.all(accepted.map(async (p) => ({ ...p, gps: await gpsOf(p.file) })));
    onChange([...latest.current, ...withPlaces]);
  };

  return (
    <div className="gz-report-photos" data-testid="report-photos" data-count={photos.length}>
      <div className="gz-report-thumbs">
        {photos.map((p) => (
          <figure key={p.id} className="gz-report-thumb" data-testid="report-photo" data-gps={p.gps ? 'yes' : 'no'}>
            <img src={p.url} alt={p.file.name} />
            {p.progress !== undefined && !p.error && (
              <Progress
                percent={p.progress}
                size="small"
                showInfo={false}
                className="gz-report-thumb-progress"
                data-testid="report-photo-progress"
              />
            )}
            {p.error && (
              <figcaption className="gz-report-thumb-error" role="alert" data-testid="report-photo-error">
                {p.error}
              </figcaption>
            )}
            {!disabled && (
              <Button
                size="small"
                shape="circle"
                danger
                className="gz-report-thumb-remove"
                icon={<DeleteOutlined />}
                aria-label={`${t('reports.public.photos.remove')} ${p.file.name}`}
                onClick={() => onChange(photos.filter((x) => x.id !== p.id))}
                data-testid="report-photo-remove"
              />
            )}
          </figure>
        ))}
        {photos.length < PHOTO_MAX_COUNT && !disabled && (
          <button
            type="button"
            className="gz-report-thumb gz-report-add"
            onClick={() => input.current?.click()}
            data-testid="report-photo-add"
          >
            <CameraOutlined />
            <span>{t('reports.public.photos.add')}</span>
          </button>
        )}
      </div>
      <input
        ref={input}
        type="file"
        accept={PHOTO_TYPES.join(',')}
        multiple
        style={{ display: 'none' }}
        onChange={(e) => void add(e.target.files)}
        data-testid="report-photo-input"
      />
      {refused.map((r) => (
        <Alert key={r} type="warning" showIcon title={r} data-testid="report-photo-refused" />
      ))}
      <Typography.Text type="secondary" className="gz-report-hint">
        {t('reports.public.photos.privacy')}
      </Typography.Text>
    </div>
  );
}

/** One of the service's questions (Open311 attribute): free text, one choice, or several. */
export function AttributeInput({
  attribute,
  value,
  onChange,
}: {
  attribute: Open311Attribute;
  value?: string | string[];
  onChange?: (next: string | string[]) => void;
}) {
  const options = (attribute.values ?? []).map((v) => ({ value: v.key, label: v.name }));
  if (attribute.datatype === 'singlevaluelist')
    return (
      <Radio.Group
        options={options}
        value={typeof value === 'string' ? value : undefined}
        onChange={(e) => onChange?.(String(e.target.value))}
        data-testid={`report-attribute-${attribute.code}`}
      />
    );
  if (attribute.datatype === 'multivaluelist')
    return (
      <Checkbox.Group
        options={options}
        value={Array.isArray(value) ? value : []}
        onChange={(next) => onChange?.(next.map(String))}
        data-testid={`report-attribute-${attribute.code}`}
      />
    );
  return (
    <Input
      value={typeof value === 'string' ? value : ''}
      onChange={(e) => onChange?.(e.target.value)}
      placeholder={attribute.datatype_description ?? undefined}
      maxLength={500}
      data-testid={`report-attribute-${attribute.code}`}
    />
  );
}

/** Open reports of the same category close by, offered before sending so the reporter need not file a duplicate. */
export function NearbyOffer({
  items,
  onFileAnyway,
  onBack,
}: {
  items: readonly NearbyReport[];
  onFileAnyway: () => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Alert
      type="warning"
      showIcon
      className="gz-report-nearby"
      data-testid="report-nearby"
      title={t('reports.public.nearby.title')}
      description={
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Text>{t('reports.public.nearby.intro')}</Typography.Text>
          <ul className="gz-report-nearby-list">
            {items.map((n) => (
              <li key={n.code} data-testid="report-nearby-item" data-code={n.code}>
                <Space size={6} wrap>
                  <Typography.Text strong className="gz-mono">
                    {n.code}
                  </Typography.Text>
                  <Typography.Text type="secondary">{t(`reports.state.${n.state}`)}</Typography.Text>
                  <Typography.Text type="secondary">
                    {t('reports.public.nearby.distance', { m: format.number(n.distanceMeters) })}
                  </Typography.Text>
                  <Typography.Text type="secondary">{format.dateTime(n.receivedAt)}</Typography.Text>
                </Space>
                <Typography.Paragraph className="gz-report-nearby-text">{n.description}</Typography.Paragraph>
                {/* The public view by code, in a new tab so the form stays as filled in. */}
                <a href={`/reports/public/${encodeURIComponent(n.code)}`} target="_blank" rel="noopener" data-testid="report-nearby-open">
                  {t('reports.public.nearby.open')}
                </a>
              </li>
            ))}
          </ul>
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            <Button type="primary" block onClick={onFileAnyway} data-testid="report-nearby-file-anyway">
              {t('reports.public.nearby.fileAnyway')}
            </Button>
            <Button block onClick={onBack} data-testid="report-nearby-back">
              {t('reports.public.nearby.back')}
            </Button>
          </Space>
        </Space>
      }
    />
  );
}
