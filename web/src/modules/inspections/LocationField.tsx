import { AimOutlined, EditOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { Alert, Button, InputNumber, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../shared/useFormat';
import { type DeviceLocation, useDeviceLocation } from './useDeviceLocation';

/**
 * Where the inspection took place: the device's position at a tap, or typed in
 * by hand when the browser refuses or cannot tell (indoors, no permission, a
 * desktop without location). `onSave` records the position and shows its own
 * problems; a rejection only keeps the typed values for another try.
 */
export function LocationField({
  value,
  onSave,
  disabled = false,
}: {
  value: DeviceLocation | null;
  onSave: (location: DeviceLocation) => Promise<void>;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { state, locate } = useDeviceLocation();
  const [manual, setManual] = useState(false);
  const [lng, setLng] = useState<number | null>(value?.lng ?? null);
  const [lat, setLat] = useState<number | null>(value?.lat ?? null);
  const [saving, setSaving] = useState(false);

  // A fix from the device is recorded at once: the inspector asked for it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new fix should save.
  useEffect(() => {
    if (state.status !== 'located') return;
    setSaving(true);
    onSave(state.location)
      .catch(() => undefined)
      .finally(() => setSaving(false));
  }, [state]);

  useEffect(() => {
    if (state.status === 'denied' || state.status === 'unavailable') setManual(true);
  }, [state.status]);

  const validManual = lng !== null && lat !== null && lng >= -180 && lng <= 180 && lat >= -90 && lat <= 90;
  const saveManual = async () => {
    if (!validManual) return;
    setSaving(true);
    try {
      await onSave({ lng, lat, accuracy: null, source: 'manual' });
      setManual(false);
    } catch {
      // The screen shows why the position was not recorded; the fields keep what was typed.
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="gz-location" data-testid="inspection-location" data-located={value !== null}>
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Space size={8} wrap align="center">
          <EnvironmentOutlined />
          {value ? (
            <Typography.Text data-testid="inspection-location-value" className="gz-mono">
              {format.lngLat(value.lng, value.lat)}
              {value.accuracy !== null && ` ±${format.number(Math.round(value.accuracy))} m`}
              {value.source === 'manual' && ` (${t('inspections.location.manual')})`}
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary">{t('inspections.location.none')}</Typography.Text>
          )}
        </Space>
        <Space size={8} wrap>
          <Button
            icon={<AimOutlined />}
            onClick={locate}
            loading={state.status === 'locating' || saving}
            disabled={disabled}
            data-testid="inspection-locate"
          >
            {t('inspections.location.locate')}
          </Button>
          <Button icon={<EditOutlined />} onClick={() => setManual((m) => !m)} disabled={disabled} data-testid="inspection-location-manual">
            {t('inspections.location.enter')}
          </Button>
        </Space>
        {(state.status === 'denied' || state.status === 'unavailable') && (
          <Alert
            type="warning"
            showIcon
            title={state.status === 'denied' ? t('inspections.location.denied') : t('inspections.location.unavailable')}
            data-testid="inspection-location-failed"
          />
        )}
        {manual && (
          <Space size={8} wrap>
            <InputNumber<number>
              min={-180}
              max={180}
              step={0.000001}
              precision={6}
              value={lng}
              onChange={(next) => setLng(next)}
              placeholder={t('inspections.location.lng')}
              aria-label={t('inspections.location.lng')}
              style={{ width: 150 }}
              disabled={disabled}
              data-testid="inspection-location-lng"
            />
            <InputNumber<number>
              min={-90}
              max={90}
              step={0.000001}
              precision={6}
              value={lat}
              onChange={(next) => setLat(next)}
              placeholder={t('inspections.location.lat')}
              aria-label={t('inspections.location.lat')}
              style={{ width: 150 }}
              disabled={disabled}
              data-testid="inspection-location-lat"
            />
            <Button
              type="primary"
              onClick={saveManual}
              disabled={disabled || !validManual}
              loading={saving}
              data-testid="inspection-location-save"
            >
              {t('inspections.location.save')}
            </Button>
          </Space>
        )}
      </Space>
    </div>
  );
}
