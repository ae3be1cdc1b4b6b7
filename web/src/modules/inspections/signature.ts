/** A point of a drawn stroke, in CSS pixels from the canvas's top-left corner. */
export interface Point {
  x: number;
  y: number;
}

/** One stroke: the points from putting the finger (or pen, or mouse button) down to lifting it. */
export type Stroke = Point[];

/** The smallest box holding every point of the strokes; null when nothing has been drawn. */
export function strokesBounds(strokes: readonly Stroke[]): { left: number; top: number; right: number; bottom: number } | null {
  let bounds: { left: number; top: number; right: number; bottom: number } | null = null;
  for (const stroke of strokes) {
    for (const { x, y } of stroke) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (bounds === null) bounds = { left: x, top: y, right: x, bottom: y };
      else {
        bounds.left = Math.min(bounds.left, x);
        bounds.top = Math.min(bounds.top, y);
        bounds.right = Math.max(bounds.right, x);
        bounds.bottom = Math.max(bounds.bottom, y);
      }
    }
  }
  return bounds;
}

/** Smaller than this in both directions, a drawing is a slip of the finger rather than a signature. */
export const MIN_SIGNATURE_EXTENT = 12;

/** Whether the strokes are enough ink to count as a signature. */
export function isSignature(strokes: readonly Stroke[]): boolean {
  const bounds = strokesBounds(strokes);
  if (bounds === null) return false;
  return Math.max(bounds.right - bounds.left, bounds.bottom - bounds.top) >= MIN_SIGNATURE_EXTENT;
}

/** A `data:image/png;base64,…` URL as a Blob, for uploading the drawn signature as a file. */
export function dataUrlToBlob(dataUrl: string): Blob {
  const match = /^data:([^;,]+)(;base64)?,(.*)$/s.exec(dataUrl);
  if (!match) throw new Error('not a data URL');
  const [, mediaType = 'application/octet-stream', base64, payload = ''] = match;
  if (!base64) return new Blob([decodeURIComponent(payload)], { type: mediaType });
  const binary = atob(payload);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: mediaType });
}
