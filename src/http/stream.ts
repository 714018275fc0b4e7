// A large result sent as it is written: pieces of text gathered into writes of
// about 64 KiB, other requests served between them, waiting while the client
// reads slowly, stopping when it is gone; never the whole body as one string.
import type { Response } from 'express';

const WRITE_CHARS = 64 * 1024;

/** Waits for the response to take more (drain), or to be gone (close). */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

/** Writes `pieces` as the body of `res` (status and headers already set) and ends it. */
export async function sendPieces(res: Response, pieces: Iterable<string>): Promise<void> {
  let batch = '';
  for (const piece of pieces) {
    batch += piece;
    if (batch.length < WRITE_CHARS) continue;
    if (res.destroyed) return;
    const more = res.write(batch);
    batch = '';
    if (!more) await drained(res);
    else await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (!res.destroyed) res.end(batch);
}
