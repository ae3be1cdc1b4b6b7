import 'leaflet/dist/leaflet.css';
import '../../shared/map/map.css';
import L from 'leaflet';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AreaFeatureCollection, PublicConfig } from '../directory/directory.types';
import { projection, viewportOf } from './project';
import type { LiveState, LiveViewport } from './useLiveFeed';

const CHINA_CENTRE: L.LatLngTuple = [35.0, 105.0];
const ALARM_COLOUR = '#cf1322';
const NORMAL_COLOUR = '#1677ff';

/**
 * The wall's map: the feed's vehicles (red when in alarm) or clusters, over
 * the jurisdiction's boundaries. Unlike FeatureMap it never refits when data
 * arrives: the viewer's pan and zoom decide what the feed sends.
 */
export function LiveMap({
  settings,
  areas,
  view,
  onViewport,
  onSelect,
  height,
}: {
  settings: PublicConfig['map'];
  areas: AreaFeatureCollection | undefined;
  view: LiveState['view'];
  onViewport: (viewport: LiveViewport) => void;
  onSelect: (vehicleId: string) => void;
  height: number | string;
}) {
  const { t } = useTranslation();
  const containerRef = useRef<HTMLElement>(null);
  const [map, setMap] = useState<L.Map | null>(null);
  const project = useMemo(() => projection(settings.crs), [settings.crs]);
  const onViewportRef = useRef(onViewport);
  onViewportRef.current = onViewport;
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const created = L.map(container, { zoomSnap: 0.25, attributionControl: true, preferCanvas: true });
    created.attributionControl.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noreferrer">Leaflet</a>');
    if (settings.tileUrl) L.tileLayer(settings.tileUrl, { attribution: settings.attribution ?? '', maxZoom: 19 }).addTo(created);
    created.on('moveend', () => onViewportRef.current(viewportOf(created, project.from)));
    const resize = new ResizeObserver(() => created.invalidateSize());
    resize.observe(container);
    setMap(created);
    return () => {
      resize.disconnect();
      created.remove();
      setMap(null);
    };
  }, [settings.tileUrl, settings.attribution, project]);

  // Boundaries for orientation; the first view is the jurisdiction.
  useEffect(() => {
    if (!map) return;
    if (!areas) {
      map.setView(CHINA_CENTRE, 4);
      return;
    }
    const layer = L.geoJSON(
      areas.features.filter((f) => f.geometry !== null && f.properties.level !== 'city' && f.properties.level !== 'district'),
      {
        style: (f) => ({
          color: '#64748b',
          opacity: 0.6,
          fill: false,
          interactive: false,
          weight: f?.properties.level === 'street' ? 2.5 : f?.properties.level === 'community' ? 1.2 : 0.6,
        }),
        coordsToLatLng: (c: number[]) => project.to(c[0] ?? Number.NaN, c[1] ?? Number.NaN),
      },
    ).addTo(map);
    const bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12] });
    else map.setView(CHINA_CENTRE, 4);
    return () => {
      layer.remove();
    };
  }, [map, areas, project]);

  // What the feed sent, redrawn whole (at most once a second).
  useEffect(() => {
    const container = containerRef.current;
    if (!map || !container || !view) return;
    const group = L.layerGroup();
    if (view.kind === 'vehicles') {
      for (const v of view.vehicles) {
        const colour = v.alarm ? ALARM_COLOUR : NORMAL_COLOUR;
        const marker = L.circleMarker(project.to(v.lng, v.lat), {
          radius: v.alarm ? 8 : 6,
          color: '#1f2937',
          weight: 1.5,
          fillColor: colour,
          fillOpacity: 0.9,
        });
        marker.bindTooltip(
          `${v.plate} · ${t('vehicles.wall.speed', { speed: v.speedKmh })}${v.alarm ? ` · ${t('vehicles.wall.alarm')}` : ''}`,
          {
            direction: 'top',
            opacity: 0.9,
          },
        );
        marker.on('click', () => onSelectRef.current(v.id));
        group.addLayer(marker);
      }
    } else {
      for (const c of view.clusters) {
        const size = c.count >= 1000 ? 48 : c.count >= 100 ? 40 : 32;
        group.addLayer(
          L.marker(project.to(c.lng, c.lat), {
            icon: L.divIcon({
              className: 'gz-live-cluster',
              html: `<span>${c.count}</span>`,
              iconSize: [size, size],
            }),
            keyboard: false,
          }).on('click', () => map.setView(project.to(c.lng, c.lat), Math.min(map.getZoom() + 2, 18))),
        );
      }
    }
    group.addTo(map);
    container.dataset.kind = view.kind;
    container.dataset.vehicles = view.kind === 'vehicles' ? String(view.vehicles.length) : '0';
    container.dataset.clusters = view.kind === 'clusters' ? String(view.clusters.length) : '0';
    container.dataset.alarms = view.kind === 'vehicles' ? String(view.vehicles.filter((v) => v.alarm).length) : '0';
    return () => {
      group.remove();
    };
  }, [map, view, project, t]);

  return (
    <div className="gz-map-frame">
      <section
        ref={containerRef}
        className={`gz-map ${settings.tileUrl ? '' : 'gz-map-plain'}`}
        style={{ height }}
        data-testid="live-map"
        data-crs={settings.crs}
        aria-label={t('vehicles.wall.map')}
      />
    </div>
  );
}
