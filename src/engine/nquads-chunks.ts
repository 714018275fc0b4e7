// The N-Quads the workers load, from shared memory or a file, in line-ended pieces.
import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Where the workers read the data: UTF-8 N-Quads in memory shared by every
 * worker rather than copied to each, or a file each worker streams (large
 * graphs: the main thread then holds no copy at all).
 */
export type NquadsSource = { nquads: SharedArrayBuffer } | { file: string };

/**
 * The N-Quads of a source in pieces of about chunkBytes, each ending at a line
 * end, so that a loader never needs the whole text at once. A piece is only
 * valid until the next is asked for (the file's buffer is reused).
 */
export function* nquadsChunks(source: NquadsSource, chunkBytes = 4 * 1024 * 1024): Generator<Uint8Array> {
  if ('nquads' in source) {
    const bytes = new Uint8Array(source.nquads);
    for (let start = 0; start < bytes.length; ) {
      let end = Math.min(bytes.length, start + chunkBytes);
      const newline = end < bytes.length ? bytes.indexOf(10, end) : -1;
      end = newline >= 0 ? newline + 1 : bytes.length;
      yield bytes.subarray(start, end);
      start = end;
    }
    return;
  }
  const fd = openSync(source.file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(chunkBytes * 2);
    let carried = 0;
    for (;;) {
      if (buffer.length - carried < chunkBytes) {
        // A line longer than a piece: room for it.
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, carried);
        buffer = bigger;
      }
      const read = readSync(fd, buffer, carried, chunkBytes, null);
      const filled = carried + read;
      if (read === 0) {
        if (filled > 0) yield buffer.subarray(0, filled);
        return;
      }
      // The last line may be cut: it is carried to the front of the next piece.
      const end = buffer.lastIndexOf(10, filled - 1) + 1;
      if (end === 0) {
        carried = filled;
        continue;
      }
      yield buffer.subarray(0, end);
      buffer.copy(buffer, 0, end, filled);
      carried = filled - end;
    }
  } finally {
    closeSync(fd);
  }
}
