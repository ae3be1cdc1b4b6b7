import { useCallback, useEffect, useRef, useState } from 'react';
import type { AlarmView } from '../alarms/alarms.types';
import type { LiveCluster, LiveVehicle } from './vehicles.types';

export type LiveStatus = 'connecting' | 'live' | 'offline' | 'ended';

export interface LiveViewport {
  /** [west, south, east, north], WGS-84. */
  bbox: [number, number, number, number];
  zoom: number;
}

export interface LiveState {
  status: LiveStatus;
  /** What the feed last sent for the viewport: vehicles when few, clusters when many. */
  view: { kind: 'vehicles'; vehicles: LiveVehicle[]; at: string } | { kind: 'clusters'; clusters: LiveCluster[]; at: string } | null;
  /** Tells the server what the map shows; sent again after a reconnect. */
  setViewport: (viewport: LiveViewport) => void;
}

/** Close codes after which reconnecting is pointless (see src/modules/alarms/live.ts). */
const FINAL_CODES = new Set([4401, 4403]);

/**
 * The monitoring wall's WebSocket (`/api/v1/live`): the session cookie
 * authenticates it; it reconnects with back-off unless the session ended.
 */
export function useLiveFeed(onAlarm: (alarm: AlarmView) => void): LiveState {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [view, setView] = useState<LiveState['view']>(null);
  const socketRef = useRef<WebSocket | null>(null);
  const viewportRef = useRef<LiveViewport | null>(null);
  const onAlarmRef = useRef(onAlarm);
  onAlarmRef.current = onAlarm;

  useEffect(() => {
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    const open = () => {
      const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api/v1/live`;
      const socket = new WebSocket(url);
      socketRef.current = socket;
      setStatus('connecting');
      socket.onopen = () => {
        attempt = 0;
        setStatus('live');
        if (viewportRef.current) socket.send(JSON.stringify({ type: 'viewport', ...viewportRef.current }));
      };
      socket.onmessage = (event: MessageEvent<string>) => {
        let message: { type?: string; [k: string]: unknown };
        try {
          message = JSON.parse(event.data);
        } catch {
          return;
        }
        if (message.type === 'positions')
          setView({ kind: 'vehicles', vehicles: message.vehicles as LiveVehicle[], at: String(message.at) });
        else if (message.type === 'clusters')
          setView({ kind: 'clusters', clusters: message.clusters as LiveCluster[], at: String(message.at) });
        else if (message.type === 'alarm') onAlarmRef.current(message.alarm as AlarmView);
      };
      socket.onclose = (event) => {
        if (socketRef.current === socket) socketRef.current = null;
        if (stopped) return;
        if (FINAL_CODES.has(event.code)) {
          setStatus('ended');
          return;
        }
        setStatus('offline');
        attempt += 1;
        retry = setTimeout(open, Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5)));
      };
    };
    open();
    return () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      socketRef.current?.close(1000, 'page left');
      socketRef.current = null;
    };
  }, []);

  const setViewport = useCallback((viewport: LiveViewport) => {
    viewportRef.current = viewport;
    const socket = socketRef.current;
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'viewport', ...viewport }));
  }, []);

  return { status, view, setViewport };
}
