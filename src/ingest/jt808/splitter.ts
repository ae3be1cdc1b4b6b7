import { type DropReason, FLAG, type Frame, MAX_ESCAPED_FRAME, parseFrame } from './frame.js';

/**
 * Cuts a TCP byte stream into frames. Every 0x7e is a boundary, so one bad
 * frame never costs the next good one: after a frame that does not decode, its
 * closing flag is taken as the next frame's opening flag. Bytes that follow a
 * good frame without an opening flag are garbage unless they themselves
 * decode (terminals that share one flag between frames). Holds at most
 * `maxFrameBytes` bytes of an unfinished frame; longer runs are dropped as
 * oversized and skipped up to the next flag.
 */
export interface SplitterSink {
  frame(frame: Frame): void;
  drop(reason: DropReason, detail: string): void;
}

type Mode = 'between' | 'inside' | 'skipping';

export class FrameSplitter {
  private pending: Buffer | null = null;
  private mode: Mode = 'between';

  constructor(
    private readonly sink: SplitterSink,
    private readonly maxFrameBytes = MAX_ESCAPED_FRAME,
  ) {}

  /** Bytes held of an unfinished frame (or of garbage awaiting a flag). */
  get pendingBytes(): number {
    return this.pending?.length ?? 0;
  }

  push(chunk: Buffer): void {
    let pos = 0;
    const n = chunk.length;
    while (pos < n) {
      const flag = chunk.indexOf(FLAG, pos);
      if (flag === -1) {
        this.hold(chunk.subarray(pos));
        return;
      }
      if (this.mode === 'skipping') {
        this.pending = null;
        this.mode = 'inside';
      } else {
        const segment = chunk.subarray(pos, flag);
        let content = segment;
        if (this.pending) {
          content = Buffer.concat([this.pending, segment]);
          this.pending = null;
        }
        this.boundary(content);
      }
      pos = flag + 1;
    }
  }

  /** The stream ended: whatever is held never got its closing flag. */
  end(): void {
    if (this.pending && this.pending.length > 0 && this.mode !== 'skipping') {
      if (this.mode === 'inside')
        this.sink.drop('truncated', `the stream ended ${this.pending.length} bytes into a frame, before its closing flag`);
      else this.sink.drop('garbage', `${this.pending.length} bytes after the last frame, with no flag`);
    }
    this.pending = null;
    this.mode = 'between';
  }

  private hold(bytes: Buffer): void {
    if (this.mode === 'skipping' || bytes.length === 0) return;
    const held = (this.pending?.length ?? 0) + bytes.length;
    if (held > this.maxFrameBytes) {
      if (this.mode === 'between') this.sink.drop('garbage', `more than ${this.maxFrameBytes} bytes without a flag`);
      else this.sink.drop('oversized', `more than ${this.maxFrameBytes} bytes without a closing flag`);
      this.pending = null;
      this.mode = 'skipping';
      return;
    }
    // Copy: the chunk's memory is the socket's, and a slice would keep all of it alive.
    this.pending = this.pending ? Buffer.concat([this.pending, bytes]) : Buffer.from(bytes);
  }

  private boundary(content: Buffer): void {
    if (content.length === 0) {
      this.mode = 'inside';
      return;
    }
    const result = content.length > this.maxFrameBytes ? null : parseFrame(content);
    if (result && !('reason' in result)) {
      this.mode = 'between';
      this.sink.frame(result);
      return;
    }
    if (this.mode === 'between') {
      this.sink.drop('garbage', `${content.length} bytes between frames that are not a frame`);
    } else if (result === null) {
      this.sink.drop('oversized', `${content.length} bytes between the flags; at most ${this.maxFrameBytes} are accepted`);
    } else {
      this.sink.drop(result.reason, result.detail);
    }
    this.mode = 'inside';
  }
}
