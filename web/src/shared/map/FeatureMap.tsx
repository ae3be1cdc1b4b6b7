import 'leaflet/dist/leaflet.css';
import './map.css';
import { AimOutlined } from '@ant-design/icons';
import { Button, Empty, Tooltip } from 'antd';
import L from 'leaflet';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AreaFeatureCollection, PublicConfig } from '../../modules/directory/directory.types';
import { wgs84ToGcj02 } from './gcj02';

/** One thing to draw: a point, a polygon, or both (the polygon drawn under its point). WGS-84. */
export interface MapFeature {
  id: string;
  point?: { lng: number; lat: number } | null;
  /** GeoJSON Polygon rings of [lng, lat]. */
  polygon?: [number, number][][] | null;
  /** Fill and stroke colour, e.g. a risk level's colour. */
  colour: string;
  /** Shown on hover. */
  label: string;
  /** A class the map counts in `data-tags` (e.g. the risk level), so tests and screen readers can tell what is drawn. */
  tag?: string;
}

export interface FeatureMapProps {
  settings: PublicConfig['map'];
  features: readonly MapFeature[];
  /** Area boundaries drawn thin underneath, for orientation (not clickable). */
  areas?: AreaFeatureCollection | undefined;
  selectedId?: string | null;
  onSelect?: (id: string | null) => void;
  /** When given, a click on the map beside every feature picks that place. */
  onPick?: (at: { lng: number; lat: number }) => void;
  /** Where to look first when there are no features. */
  centre?: { lng: number; lat: number } | null;
  height?: number | string;
  /** Above the map (a legend). */
  legend?: ReactNode;
  testId?: string;
}

const CHINA_CENTRE: L.LatLngTuple = [35.0, 105.0];
/** Above this many features points go on one canvas instead of one SVG element each. */
const CANVAS_ABOVE = 1500;
const boundaryStyle: L.PathOptions = { color: '#64748b', weight: 1, opacity: 0.6, fill: false, interactive: false };

/**
 * Coloured points and polygons on Leaflet over the jurisdiction's boundaries. Like the
 * jurisdiction map, it makes no request without a configured basemap and shifts
 * WGS-84 to GCJ-02 when the basemap needs it.
 */
export function FeatureMap({
  settings,
  features,
  areas,
  selectedId = null,
  onSelect,
  onPick,
  centre,
  height = 420,
  legend,
  testId = 'feature-map',
}: FeatureMapProps) {
  const { t } = useTranslation();
  const containerRef = useRef<HTMLElement>(null);
  const [map, setMap] = useState<L.Map | null>(null);
  const [home, setHome] = useState<L.LatLngBounds | null>(null);
  const layersRef = useRef(new Map<string, L.Path[]>());
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;

  const project = useMemo(
    () =>
      settings.crs === 'GCJ02'
        ? (lng: number, lat: number) => {
            const [x, y] = wgs84ToGcj02(lng, lat);
            return L.latLng(y, x);
          }
        : (lng: number, lat: number) => L.latLng(lat, lng),
    [settings.crs],
  );

  /** A place on the map back to WGS-84 (GCJ-02 inverted by fixed-point iteration, good to centimetres). */
  const unprojectRef = useRef((at: L.LatLng): [number, number] => [at.lng, at.lat]);
  unprojectRef.current =
    settings.crs === 'GCJ02'
      ? (at) => {
          let [lng, lat] = [at.lng, at.lat];
          for (let i = 0; i < 4; i++) {
            const [x, y] = wgs84ToGcj02(lng, lat);
            lng -= x - at.lng;
            lat -= y - at.lat;
          }
          return [lng, lat];
        }
      : (at) => [at.lng, at.lat];

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const created = L.map(container, { zoomSnap: 0.25, attributionControl: true, preferCanvas: false });
    created.attributionControl.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noreferrer">Leaflet</a>');
    if (settings.tileUrl) L.tileLayer(settings.tileUrl, { attribution: settings.attribution ?? '', maxZoom: 19 }).addTo(created);
    created.on('click', (event: L.LeafletMouseEvent) => {
      onSelectRef.current?.(null);
      if (onPickRef.current) {
        const [lng, lat] = unprojectRef.current(event.latlng);
        onPickRef.current({ lng: Math.round(lng * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 });
      }
    });
    const resize = new ResizeObserver(() => created.invalidateSize());
    resize.observe(container);
    setMap(created);
    return () => {
      resize.disconnect();
      created.remove();
      setMap(null);
    };
  }, [settings.tileUrl, settings.attribution]);

  // Boundaries for orientation.
  useEffect(() => {
    if (!map || !areas) return;
    const layer = L.geoJSON(
      areas.features.filter((f) => f.geometry !== null && f.properties.level !== 'city' && f.properties.level !== 'district'),
      {
        style: (f) => ({
          ...boundaryStyle,
          weight: f?.properties.level === 'street' ? 2.5 : f?.properties.level === 'community' ? 1.2 : 0.6,
        }),
        coordsToLatLng: (c: number[]) => project(c[0] ?? Number.NaN, c[1] ?? Number.NaN),
      },
    ).addTo(map);
    layer.bringToBack();
    return () => {
      layer.remove();
    };
  }, [map, areas, project]);

  // The features; the view fits them (else the centre, else the boundaries).
  useEffect(() => {
    const container = containerRef.current;
    if (!map || !container) return;
    const renderer = features.length > CANVAS_ABOVE ? L.canvas({ padding: 0.3 }) : L.svg();
    const group = L.featureGroup();
    const paths = new Map<string, L.Path[]>();
    const tags = new Map<string, number>();
    for (const f of features) {
      const own: L.Path[] = [];
      const style = { color: f.colour, fillColor: f.colour, renderer };
      if (f.polygon?.length) {
        own.push(
          L.polygon(
            f.polygon.map((ring) => ring.map(([lng, lat]) => project(lng, lat))),
            { ...style, weight: 2, fillOpacity: 0.35 },
          ),
        );
      }
      if (f.point) {
        own.push(
          L.circleMarker(project(f.point.lng, f.point.lat), { ...style, radius: 6, weight: 1.5, fillOpacity: 0.9, color: '#1f2937' }),
        );
      }
      for (const path of own) {
        path.bindTooltip(f.label, { direction: 'top', opacity: 0.9 });
        path.on('click', (event: L.LeafletMouseEvent) => {
          L.DomEvent.stopPropagation(event);
          onSelectRef.current?.(f.id);
        });
        group.addLayer(path);
      }
      if (own.length) paths.set(f.id, own);
      if (f.tag) tags.set(f.tag, (tags.get(f.tag) ?? 0) + 1);
    }
    group.addTo(map);
    layersRef.current = paths;
    container.dataset.features = String(paths.size);
    container.dataset.tags = [...tags].map(([tag, n]) => `${tag}:${n}`).join(',');
    const bounds = group.getBounds();
    const fit = bounds.isValid() ? bounds : null;
    setHome(fit);
    if (fit) map.fitBounds(fit, { padding: [24, 24], maxZoom: 18 });
    else if (centre) map.setView(project(centre.lng, centre.lat), 17);
    else if (areas) {
      const all = L.geoJSON(areas.features.filter((f) => f.geometry !== null && f.properties.level === 'street'));
      const b = all.getBounds();
      if (b.isValid()) map.fitBounds(b);
      else map.setView(CHINA_CENTRE, 4);
    } else map.setView(CHINA_CENTRE, 4);
    return () => {
      group.remove();
      layersRef.current = new Map();
    };
  }, [map, features, project, centre, areas]);

  // The selected feature stands out and comes into view.
  useEffect(() => {
    const container = containerRef.current;
    if (container) container.dataset.selected = selectedId ?? '';
    if (!map || !selectedId) return;
    const own = layersRef.current.get(selectedId) ?? [];
    for (const path of own) {
      path.setStyle({ weight: 4, color: '#111827' });
      path.bringToFront();
    }
    const first = own[own.length - 1];
    if (first instanceof L.CircleMarker) map.panTo(first.getLatLng());
    return () => {
      for (const path of own)
        path.setStyle(
          path instanceof L.CircleMarker ? { weight: 1.5, color: '#1f2937' } : { weight: 2, color: path.options.fillColor ?? '#1f2937' },
        );
    };
  }, [map, selectedId]);

  return (
    <div className="gz-map-wrap">
      {legend ? <div className="gz-map-legend">{legend}</div> : null}
      <div className="gz-map-frame">
        <section
          ref={containerRef}
          className={`gz-map ${settings.tileUrl ? '' : 'gz-map-plain'} ${onPick ? 'gz-map-picking' : ''}`}
          style={{ height }}
          data-testid={testId}
          data-crs={settings.crs}
          data-tiles={settings.tileUrl ? 'on' : 'off'}
          aria-label={t('map.title')}
        />
        <Tooltip title={t('map.fit')} placement="left">
          <Button
            className="gz-map-fit"
            icon={<AimOutlined />}
            onClick={() => home && map?.fitBounds(home, { padding: [24, 24], maxZoom: 18 })}
            disabled={!home}
            aria-label={t('map.fit')}
          />
        </Tooltip>
        {features.length === 0 && !onPick && (
          <div className="gz-map-empty">
            <Empty description={t('map.empty')} />
          </div>
        )}
      </div>
    </div>
  );
}
