import 'leaflet/dist/leaflet.css';
import './map.css';
import { AimOutlined } from '@ant-design/icons';
import { Button, Checkbox, Descriptions, Empty, Tooltip, Typography } from 'antd';
import type { Feature } from 'geojson';
import L from 'leaflet';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AreaFeature,
  type AreaFeatureCollection,
  type AreaGeometry,
  type AreaLevel,
  type AreaProperties,
  areaLevels,
  type PublicConfig,
} from '../../modules/directory/directory.types';
import { useLabels, useLocalName } from '../labels';
import { wgs84ToGcj02 } from './gcj02';

type MapSettings = PublicConfig['map'];
type DrawableFeature = Feature<AreaGeometry, AreaProperties>;
type AreaLayer = L.GeoJSON<AreaProperties, AreaGeometry>;

interface DrawnAreas {
  /** The clickable areas of each level. */
  layers: Map<AreaLevel, AreaLayer>;
  /** The bold top-most boundaries of the outer levels. */
  outlines: Map<AreaLevel, AreaLayer>;
  /** Each area's path by area id, to highlight the selected one. */
  paths: Map<string, L.Path>;
  /** What the map shows at first and on "back to the jurisdiction". */
  home: L.LatLngBounds | null;
}

/** How each level is drawn: the street bold, communities thin, grids dashed. */
const levelStyles: Record<AreaLevel, L.PathOptions> = {
  city: { color: '#4b5563', weight: 2.5, fillColor: '#4b5563', fillOpacity: 0 },
  district: { color: '#4b5563', weight: 2.5, fillColor: '#4b5563', fillOpacity: 0 },
  street: { color: '#1d4ed8', weight: 4, fillColor: '#1d4ed8', fillOpacity: 0.03 },
  community: { color: '#0f766e', weight: 1.5, fillColor: '#14b8a6', fillOpacity: 0.06 },
  grid: { color: '#7c3aed', weight: 1, dashArray: '4 4', fillColor: '#a78bfa', fillOpacity: 0.05 },
};

/**
 * Outer levels whose boundary is drawn a second time, bold and not clickable,
 * in a pane above the smaller areas, so that their thin lines never cover it.
 */
const outlinedLevels: ReadonlySet<AreaLevel> = new Set(['city', 'district', 'street']);
const OUTLINE_PANE = 'gz-outlines';

const selectedStyle: L.PathOptions = { stroke: true, color: '#ea580c', fillColor: '#f97316', fillOpacity: 0.25, dashArray: '' };

/** Drawn from the largest to the smallest, so that the smallest area is on top and gets the click. */
const drawOrder: readonly AreaLevel[] = areaLevels;

const CHINA_CENTRE: L.LatLngTuple = [35.0, 105.0];

const hasGeometry = (feature: AreaFeature): feature is DrawableFeature => feature.geometry !== null;

export interface JurisdictionMapProps {
  areas: AreaFeatureCollection;
  settings: MapSettings;
  /** CSS height of the map itself (legend and details come on top). */
  height?: number | string;
  /**
   * The selected area, when the page holds the selection (e.g. a tree beside the map): the map highlights it and
   * zooms to its boundary. Left out, the map keeps its own selection.
   */
  selectedId?: string | null;
  /** Called when an area is clicked on the map (null: clicked beside every area); with `selectedId`, to select it. */
  onSelect?: (area: AreaProperties | null) => void;
  /** Whether the map names the selected area beneath itself (a page that shows it elsewhere says false). */
  showSelection?: boolean;
}

/**
 * The jurisdiction's area boundaries on Leaflet. Without a configured tile URL
 * it draws on a plain background and makes no request at all; with a GCJ-02
 * basemap it shifts the WGS-84 boundaries to match.
 */
export function JurisdictionMap({ areas, settings, height = 480, selectedId, onSelect, showSelection = true }: JurisdictionMapProps) {
  const { t } = useTranslation();
  const labels = useLabels();
  const localName = useLocalName();
  const localNameRef = useRef(localName);
  localNameRef.current = localName;
  const containerRef = useRef<HTMLElement>(null);
  const [map, setMap] = useState<L.Map | null>(null);
  const [drawn, setDrawn] = useState<DrawnAreas | null>(null);
  const [ownSelection, setOwnSelection] = useState<AreaProperties | null>(null);
  const controlled = selectedId !== undefined;
  const selected = useMemo(
    () => (controlled ? (areas.features.find((f) => f.properties.id === selectedId)?.properties ?? null) : ownSelection),
    [controlled, areas, selectedId, ownSelection],
  );
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const controlledRef = useRef(controlled);
  controlledRef.current = controlled;
  /** A click on the map: the page's selection when it holds one, else the map's own. */
  const setSelected = useRef((area: AreaProperties | null) => {
    onSelectRef.current?.(area);
    if (!controlledRef.current) setOwnSelection(area);
  }).current;
  const [hidden, setHidden] = useState<ReadonlySet<AreaLevel>>(new Set());

  const drawable = useMemo(() => areas.features.filter(hasGeometry), [areas]);
  const presentLevels = useMemo(() => drawOrder.filter((level) => drawable.some((f) => f.properties.level === level)), [drawable]);

  // The map itself, with the basemap if one is configured: no tile layer, no request.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const created = L.map(container, { zoomSnap: 0.25, zoomControl: true, attributionControl: true });
    created.attributionControl.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noreferrer">Leaflet</a>');
    if (settings.tileUrl) {
      L.tileLayer(settings.tileUrl, { attribution: settings.attribution ?? '', maxZoom: 19 }).addTo(created);
    }
    created.on('click', () => setSelected(null));
    const outlinePane = created.createPane(OUTLINE_PANE);
    outlinePane.style.zIndex = '450';
    outlinePane.style.pointerEvents = 'none';
    const resize = new ResizeObserver(() => created.invalidateSize());
    resize.observe(container);
    setMap(created);
    return () => {
      resize.disconnect();
      created.remove();
      setMap(null);
    };
  }, [settings.tileUrl, settings.attribution, setSelected]);

  // The boundaries, one layer per level, shifted to GCJ-02 when the basemap needs it.
  useEffect(() => {
    if (!map) return;
    const toLatLng =
      settings.crs === 'GCJ02'
        ? (c: number[]) => {
            const [lng, lat] = wgs84ToGcj02(c[0] ?? Number.NaN, c[1] ?? Number.NaN);
            return L.latLng(lat, lng);
          }
        : (c: number[]) => L.latLng(c[1] ?? Number.NaN, c[0] ?? Number.NaN);

    const layers = new Map<AreaLevel, AreaLayer>();
    const outlines = new Map<AreaLevel, AreaLayer>();
    const paths = new Map<string, L.Path>();
    const bounds = L.latLngBounds([]);
    const streetBounds = L.latLngBounds([]);
    for (const level of drawOrder) {
      const features = drawable.filter((f) => f.properties.level === level);
      if (features.length === 0) continue;
      const outlined = outlinedLevels.has(level);
      const layer: AreaLayer = L.geoJSON<AreaProperties, AreaGeometry>(features, {
        style: () => (outlined ? { ...levelStyles[level], stroke: false } : levelStyles[level]),
        coordsToLatLng: toLatLng,
        onEachFeature: (feature, path) => {
          paths.set(feature.properties.id, path as L.Path);
          path.bindTooltip(() => localNameRef.current(feature.properties), { sticky: true, direction: 'top', opacity: 0.9 });
          path.on('click', (event: L.LeafletMouseEvent) => {
            L.DomEvent.stopPropagation(event);
            setSelected(feature.properties);
          });
        },
      });
      layers.set(level, layer);
      if (outlined) {
        const outline: AreaLayer = L.geoJSON<AreaProperties, AreaGeometry>(features, {
          pane: OUTLINE_PANE,
          interactive: false,
          style: () => ({ ...levelStyles[level], fill: false }),
          coordsToLatLng: toLatLng,
        });
        outlines.set(level, outline);
      }
      const layerBounds = layer.getBounds();
      if (layerBounds.isValid()) bounds.extend(layerBounds);
      if (layerBounds.isValid() && level === 'street') streetBounds.extend(layerBounds);
    }
    // The streets are the jurisdiction a user works in; the city and district around them are context.
    const fit = streetBounds.isValid() ? streetBounds : bounds.isValid() ? bounds : null;
    // The view is first set here, so a basemap loads tiles for the jurisdiction only, not for a placeholder view.
    if (fit) map.fitBounds(fit, { padding: [16, 16] });
    else map.setView(CHINA_CENTRE, 4);
    setDrawn({ layers, outlines, paths, home: fit });
    return () => {
      for (const layer of [...layers.values(), ...outlines.values()]) layer.remove();
      setDrawn(null);
    };
  }, [map, drawable, settings.crs, setSelected]);

  // Which levels are on the map; the container tells tests how many features are drawn.
  useEffect(() => {
    const container = containerRef.current;
    if (!map || !drawn || !container) return;
    let count = 0;
    for (const [level, layer] of drawn.layers) {
      const outline = drawn.outlines.get(level);
      if (hidden.has(level)) {
        layer.remove();
        outline?.remove();
      } else {
        layer.addTo(map);
        outline?.addTo(map);
        count += layer.getLayers().length;
      }
    }
    container.dataset.features = String(count);
  }, [map, drawn, hidden]);

  // The selected area stands out.
  useEffect(() => {
    if (!drawn) return;
    for (const layer of drawn.layers.values()) layer.resetStyle();
    const path = selected ? drawn.paths.get(selected.id) : undefined;
    if (!selected || !path) return;
    const base = levelStyles[selected.level];
    path.setStyle({ ...base, ...selectedStyle, weight: (base.weight ?? 1) + 1.5 });
  }, [drawn, selected]);

  // A selection made beside the map (a tree) is brought into view; the container tells tests which area is selected.
  useEffect(() => {
    const container = containerRef.current;
    if (container) container.dataset.selected = selected?.id ?? '';
    if (!controlled || !map || !drawn || !selected) return;
    const path = drawn.paths.get(selected.id) as (L.Path & { getBounds?: () => L.LatLngBounds }) | undefined;
    const bounds = path?.getBounds?.();
    if (bounds?.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 18 });
  }, [controlled, map, drawn, selected]);

  const toggle = (level: AreaLevel, shown: boolean) => {
    setHidden((previous) => {
      const next = new Set(previous);
      if (shown) next.delete(level);
      else next.add(level);
      return next;
    });
    if (!shown && selected?.level === level) setSelected(null);
  };

  const fitAll = () => {
    if (map && drawn?.home) map.fitBounds(drawn.home, { padding: [16, 16] });
  };

  return (
    <div className="gz-map-wrap">
      <div className="gz-map-legend" data-testid="map-legend">
        <Typography.Text type="secondary" className="gz-map-legend-label">
          {t('map.levels')}
        </Typography.Text>
        {presentLevels.map((level) => (
          <Checkbox
            key={level}
            checked={!hidden.has(level)}
            onChange={(event) => toggle(level, event.target.checked)}
            data-testid={`map-level-${level}`}
          >
            <span className={`gz-legend-line gz-legend-${level}`} aria-hidden="true" />
            {labels.level(level)}
          </Checkbox>
        ))}
      </div>
      <div className="gz-map-frame">
        <section
          ref={containerRef}
          className={`gz-map ${settings.tileUrl ? '' : 'gz-map-plain'}`}
          style={{ height }}
          data-testid="jurisdiction-map"
          data-crs={settings.crs}
          data-tiles={settings.tileUrl ? 'on' : 'off'}
          aria-label={t('map.title')}
        />
        <Tooltip title={t('map.fit')} placement="left">
          <Button
            className="gz-map-fit"
            icon={<AimOutlined />}
            onClick={fitAll}
            disabled={drawable.length === 0}
            aria-label={t('map.fit')}
            data-testid="map-fit"
          />
        </Tooltip>
        {drawable.length === 0 && (
          <div className="gz-map-empty">
            <Empty description={t('map.empty')} />
          </div>
        )}
      </div>
      {showSelection && (
        <div className="gz-map-selection" data-testid="map-selection" aria-live="polite">
          {selected ? (
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 3 }}
              title={t('map.selected')}
              extra={
                <Button size="small" type="link" onClick={() => setSelected(null)}>
                  {t('map.clear')}
                </Button>
              }
              items={[
                {
                  key: 'name',
                  label: t('map.name'),
                  children: <span data-testid="map-selection-name">{localName(selected)}</span>,
                },
                {
                  key: 'code',
                  label: t('map.code'),
                  children: (
                    <span className="gz-mono" data-testid="map-selection-code">
                      {selected.code}
                    </span>
                  ),
                },
                { key: 'level', label: t('map.level'), children: labels.level(selected.level) },
              ]}
            />
          ) : (
            <Typography.Text type="secondary">{t('map.clickHint')}</Typography.Text>
          )}
        </div>
      )}
    </div>
  );
}
