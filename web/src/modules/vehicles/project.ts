import L from 'leaflet';
import { wgs84ToGcj02 } from '../../shared/map/gcj02';

/** WGS-84 to the basemap's coordinates and back (GCJ-02 inverted by fixed-point iteration). */
export function projection(crs: 'WGS84' | 'GCJ02') {
  if (crs !== 'GCJ02') {
    return { to: (lng: number, lat: number) => L.latLng(lat, lng), from: (at: L.LatLng): [number, number] => [at.lng, at.lat] };
  }
  return {
    to: (lng: number, lat: number) => {
      const [x, y] = wgs84ToGcj02(lng, lat);
      return L.latLng(y, x);
    },
    from: (at: L.LatLng): [number, number] => {
      let [lng, lat] = [at.lng, at.lat];
      for (let i = 0; i < 4; i++) {
        const [x, y] = wgs84ToGcj02(lng, lat);
        lng -= x - at.lng;
        lat -= y - at.lat;
      }
      return [lng, lat];
    },
  };
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** The map's visible box in WGS-84, clamped to valid coordinates. */
export function viewportOf(map: L.Map, from: (at: L.LatLng) => [number, number]): { bbox: [number, number, number, number]; zoom: number } {
  const b = map.getBounds();
  const [w, s] = from(b.getSouthWest());
  const [e, n] = from(b.getNorthEast());
  const r = (x: number) => Math.round(x * 1e5) / 1e5;
  return {
    bbox: [r(clamp(w, -180, 180)), r(clamp(s, -90, 90)), r(clamp(e, -180, 180)), r(clamp(n, -90, 90))],
    zoom: Math.round(map.getZoom() * 4) / 4,
  };
}
