import 'leaflet/dist/leaflet.css';
import '../../shared/map/map.css';
import { CaretRightOutlined, PauseOutlined } from '@ant-design/icons';
import { Button, DatePicker, Empty, Slider, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import L from 'leaflet';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../../app/api';
import { ProblemAlert } from '../../app/problem';
import { fromCstPickerValue, toCstPickerValue } from '../../shared/cst';
import { useFormat } from '../../shared/useFormat';
import { useIsPhone } from '../../shared/useMediaQuery';
import type { PublicConfig } from '../directory/directory.types';
import { projection } from './project';
import { vehiclesApi } from './vehicles.api';
import type { TrackView } from './vehicles.types';

const STEP_MS = 250;

/** A vehicle's track over a range of Beijing time: the line, a marker moved by the slider or the play button. */
export function TrackPlayback({ vehicleId, settings }: { vehicleId: string; settings: PublicConfig['map'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const isPhone = useIsPhone();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [
    toCstPickerValue(Date.now() - 2 * 3_600_000)
      .second(0)
      .millisecond(0),
    toCstPickerValue(Date.now() + 60_000)
      .second(0)
      .millisecond(0),
  ]);
  const [track, setTrack] = useState<TrackView | undefined>();
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [loading, setLoading] = useState(false);
  const [index, setIndex] = useState(0);
  const [playing, setPlaying] = useState(false);

  async function load() {
    setLoading(true);
    setProblem(undefined);
    setPlaying(false);
    try {
      const next = await vehiclesApi.track(
        vehicleId,
        { from: fromCstPickerValue(range[0]), to: fromCstPickerValue(range[1]) },
        new AbortController().signal,
      );
      setTrack(next);
      setIndex(0);
    } catch (error) {
      setProblem(error as ApiProblem);
    } finally {
      setLoading(false);
    }
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: loads the default range once per vehicle.
  useEffect(() => {
    void load();
  }, [vehicleId]);

  const positions = track?.positions ?? [];
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      setIndex((i) => {
        if (i + 1 >= positions.length) {
          setPlaying(false);
          return i;
        }
        return i + 1;
      });
    }, STEP_MS);
    return () => clearInterval(timer);
  }, [playing, positions.length]);

  const at = positions[index];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="track-playback">
      <Space wrap>
        <DatePicker.RangePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          value={range}
          allowClear={false}
          onChange={(value) => {
            if (value?.[0] && value[1]) setRange([value[0], value[1]]);
          }}
          aria-label={t('vehicles.vehicle.range')}
          style={{ width: isPhone ? '100%' : undefined }}
          data-testid="track-range"
        />
        <Button type="primary" onClick={() => void load()} loading={loading} data-testid="track-load">
          {t('vehicles.vehicle.load')}
        </Button>
      </Space>
      {problem ? <ProblemAlert problem={problem} /> : null}
      {track && positions.length === 0 ? <Empty description={t('vehicles.vehicle.noTrack')} /> : null}
      {track?.truncated ? (
        <Typography.Text type="warning">{t('vehicles.vehicle.truncated', { count: positions.length })}</Typography.Text>
      ) : null}
      {positions.length > 0 ? (
        <>
          <TrackMap settings={settings} points={positions} index={index} height={isPhone ? 300 : 420} />
          <div className="gz-track-controls">
            <Button
              icon={playing ? <PauseOutlined /> : <CaretRightOutlined />}
              onClick={() => {
                if (!playing && index >= positions.length - 1) setIndex(0);
                setPlaying((p) => !p);
              }}
              data-testid="track-play"
              aria-label={playing ? t('vehicles.vehicle.pause') : t('vehicles.vehicle.play')}
            >
              {playing ? t('vehicles.vehicle.pause') : t('vehicles.vehicle.play')}
            </Button>
            <Slider
              min={0}
              max={Math.max(0, positions.length - 1)}
              value={index}
              onChange={(v) => {
                setPlaying(false);
                setIndex(v);
              }}
              tooltip={{ formatter: (v) => (v !== undefined && positions[v] ? format.dateTime(positions[v].time) : '') }}
              data-testid="track-slider"
            />
            <Typography.Text type="secondary">{t('vehicles.vehicle.points', { count: positions.length })}</Typography.Text>
          </div>
          {at ? (
            <Typography.Text data-testid="track-at">
              {t('vehicles.vehicle.at', { time: format.dateTime(at.time), speed: at.speedKmh })}
            </Typography.Text>
          ) : null}
        </>
      ) : null}
    </Space>
  );
}

function TrackMap({
  settings,
  points,
  index,
  height,
}: {
  settings: PublicConfig['map'];
  points: { lat: number; lng: number }[];
  index: number;
  height: number;
}) {
  const { t } = useTranslation();
  const containerRef = useRef<HTMLElement>(null);
  const [map, setMap] = useState<L.Map | null>(null);
  const markerRef = useRef<L.CircleMarker | null>(null);
  const project = useMemo(() => projection(settings.crs), [settings.crs]);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const created = L.map(container, { zoomSnap: 0.25 });
    created.attributionControl.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noreferrer">Leaflet</a>');
    if (settings.tileUrl) L.tileLayer(settings.tileUrl, { attribution: settings.attribution ?? '', maxZoom: 19 }).addTo(created);
    const resize = new ResizeObserver(() => created.invalidateSize());
    resize.observe(container);
    setMap(created);
    return () => {
      resize.disconnect();
      created.remove();
      setMap(null);
    };
  }, [settings.tileUrl, settings.attribution]);

  useEffect(() => {
    if (!map || points.length === 0) return;
    const line = L.polyline(
      points.map((p) => project.to(p.lng, p.lat)),
      { color: '#1677ff', weight: 3, opacity: 0.8 },
    ).addTo(map);
    const first = points[0] as { lat: number; lng: number };
    const marker = L.circleMarker(project.to(first.lng, first.lat), {
      radius: 8,
      color: '#1f2937',
      weight: 2,
      fillColor: '#fa8c16',
      fillOpacity: 1,
    }).addTo(map);
    markerRef.current = marker;
    const bounds = line.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
    return () => {
      line.remove();
      marker.remove();
      markerRef.current = null;
    };
  }, [map, points, project]);

  useEffect(() => {
    const p = points[index];
    if (p) markerRef.current?.setLatLng(project.to(p.lng, p.lat));
    if (containerRef.current) containerRef.current.dataset.index = String(index);
  }, [points, index, project]);

  return (
    <div className="gz-map-frame">
      <section
        ref={containerRef}
        className={`gz-map ${settings.tileUrl ? '' : 'gz-map-plain'}`}
        style={{ height }}
        data-testid="track-map"
        data-points={points.length}
        aria-label={t('vehicles.vehicle.track')}
      />
    </div>
  );
}
