// A large result sent as it is written: pieces of text gathered into writes of
// about 64 KiB, other requests served between them, waiting while the client
// reads slowly, stopping when it is gone; never the whole body as one string.
import type { Response } from 'express';

const WRITE_CHARS = 64 * 1024;

/** Writes `pieces` as the body of `res` (status and headers already set) and ends it. */
export async function sendPieces(res: Response, pieces: Iterable<string>): Promise<void> {
  // One drain listener for the whole response: the compression middleware hands 'drain' listeners to
  // its gzip stream and cannot take them back off, so one per wait would pile up there.
  let wake: (() => void) | undefined;
  const onEvent = () => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  res.on('drain', onEvent);
  res.on('close', onEvent);
  try {
    let batch = '';
    for (const piece of pieces) {
      batch += piece;
      if (batch.length < WRITE_CHARS) continue;
      if (res.destroyed) return;
      const more = res.write(batch);
      batch = '';
      if (!more) await new Promise<void>((resolve) => (wake = resolve));
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (!res.destroyed) res.end(batch);
  } finally {
    res.off('drain', onEvent);
    res.off('close', onEvent);
  }
}
