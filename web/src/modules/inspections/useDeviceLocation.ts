import { useCallback, useState } from 'react';

/** A position as the inspection records it: WGS-84 degrees, as the Geolocation API gives them. */
export interface DeviceLocation {
  lng: number;
  lat: number;
  /** Radius of 95 % confidence in metres; null when typed in by hand. */
  accuracy: number | null;
  source: 'device' | 'manual';
}

export type LocationState =
  | { status: 'idle' }
  | { status: 'locating' }
  | { status: 'located'; location: DeviceLocation }
  /** The user or the browser refused (no permission, or not a secure context). */
  | { status: 'denied' }
  /** The device could not tell (no fix, timeout, no Geolocation API). */
  | { status: 'unavailable' };

const TIMEOUT_MS = 15_000;

/**
 * Asks the device for its position once, on demand. A refusal or a failure is
 * a state of its own so the screen can offer typing the position in instead.
 */
export function useDeviceLocation(): { state: LocationState; locate: () => void } {
  const [state, setState] = useState<LocationState>({ status: 'idle' });
  const locate = useCallback(() => {
    if (typeof navigator === 'undefined' || !('geolocation' in navigator)) {
      setState({ status: 'unavailable' });
      return;
    }
    setState({ status: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setState({
          status: 'located',
          location: {
            lng: position.coords.longitude,
            lat: position.coords.latitude,
            accuracy: Number.isFinite(position.coords.accuracy) ? position.coords.accuracy : null,
            source: 'device',
          },
        });
      },
      (error) => {
        setState({ status: error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable' });
      },
      { enableHighAccuracy: true, timeout: TIMEOUT_MS, maximumAge: 60_000 },
    );
  }, []);

  return { state, locate };
}
