import { ClearOutlined } from '@ant-design/icons';
import { Button, Typography } from 'antd';
import { type PointerEvent as ReactPointerEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isSignature, type Point, type Stroke } from './signature';

const LINE_WIDTH = 2.5;
const HEIGHT = 180;

/**
 * A signature drawn with a finger, a pen or a mouse on a canvas. Pointer events
 * cover touch and mouse alike; `touch-action: none` keeps the page from
 * scrolling under the finger. The strokes are kept as points in CSS pixels, so
 * the drawing survives a resize or rotation (the canvas is redrawn at the
 * device's pixel ratio). `onChange` gets a PNG data URL, or null when cleared.
 */
export function SignaturePad({
  onChange,
  disabled = false,
  testId = 'signature-pad',
  label,
}: {
  onChange: (png: string | null) => void;
  disabled?: boolean;
  testId?: string;
  /** Read by screen readers as the canvas's name. */
  label: string;
}) {
  const { t } = useTranslation();
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const strokes = useRef<Stroke[]>([]);
  const drawing = useRef<Stroke | null>(null);
  const [empty, setEmpty] = useState(true);

  const redraw = useCallback(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const context = canvas.getContext('2d');
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
    context.strokeStyle = '#111827';
    context.lineWidth = LINE_WIDTH;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    const all = drawing.current ? [...strokes.current, drawing.current] : strokes.current;
    for (const stroke of all) drawStroke(context, stroke);
  }, []);

  useEffect(() => {
    redraw();
    const canvas = canvasRef.current;
    if (!canvas || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => redraw());
    observer.observe(canvas);
    return () => observer.disconnect();
  }, [redraw]);

  const pointAt = (event: ReactPointerEvent<HTMLCanvasElement>): Point => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };

  const publish = () => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    // A slip of the finger is not a signature: the form stays unsigned until there is real ink.
    if (!isSignature(strokes.current)) {
      onChange(null);
      return;
    }
    onChange(canvas.toDataURL('image/png'));
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    if (disabled || (event.pointerType === 'mouse' && event.button !== 0)) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture?.(event.pointerId);
    drawing.current = [pointAt(event)];
    redraw();
  };
  const onPointerMove = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    event.preventDefault();
    // Coalesced events give the points a fast finger skipped between frames.
    const native = event.nativeEvent;
    const events = typeof native.getCoalescedEvents === 'function' ? native.getCoalescedEvents() : [];
    const rect = event.currentTarget.getBoundingClientRect();
    if (events.length > 0) for (const e of events) drawing.current.push({ x: e.clientX - rect.left, y: e.clientY - rect.top });
    else drawing.current.push(pointAt(event));
    redraw();
  };
  const onPointerUp = () => {
    const stroke = drawing.current;
    if (!stroke) return;
    drawing.current = null;
    strokes.current = [...strokes.current, stroke];
    setEmpty(false);
    redraw();
    publish();
  };

  const clear = () => {
    strokes.current = [];
    drawing.current = null;
    setEmpty(true);
    redraw();
    onChange(null);
  };

  return (
    <div className="gz-signature" data-testid={testId} data-empty={empty}>
      <canvas
        ref={canvasRef}
        className="gz-signature-canvas"
        style={{ height: HEIGHT, cursor: disabled ? 'not-allowed' : 'crosshair' }}
        role="img"
        aria-label={label}
        data-testid={`${testId}-canvas`}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onPointerLeave={onPointerUp}
      />
      <div className="gz-signature-foot">
        <Typography.Text type="secondary">{empty ? t('inspections.signature.hint') : t('inspections.signature.drawn')}</Typography.Text>
        <Button size="small" icon={<ClearOutlined />} onClick={clear} disabled={disabled || empty} data-testid={`${testId}-clear`}>
          {t('inspections.signature.clear')}
        </Button>
      </div>
    </div>
  );
}

function drawStroke(context: CanvasRenderingContext2D, stroke: Stroke) {
  const [first, ...rest] = stroke;
  if (!first) return;
  context.beginPath();
  if (rest.length === 0) {
    // A tap leaves a dot.
    context.arc(first.x, first.y, LINE_WIDTH / 2, 0, Math.PI * 2);
    context.fillStyle = '#111827';
    context.fill();
    return;
  }
  context.moveTo(first.x, first.y);
  // Quadratic curves through the midpoints smooth the polyline a finger draws.
  for (let i = 0; i < rest.length - 1; i++) {
    const p = rest[i] as Point;
    const q = rest[i + 1] as Point;
    context.quadraticCurveTo(p.x, p.y, (p.x + q.x) / 2, (p.y + q.y) / 2);
  }
  const last = rest[rest.length - 1] as Point;
  context.lineTo(last.x, last.y);
  context.stroke();
}
