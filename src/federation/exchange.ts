// One HTTP exchange of a remote call, whole, on node:http(s): the host name is
// resolved here and every address checked before connecting, a 3xx is refused
// (never followed), and the body is read in full, decompressed, within the
// time limit and the size cap. Every failure is a ServiceFailedError.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { pipeline, type Transform, Writable } from 'node:stream';
import zlib from 'node:zlib';
import { addressRefusal, bareHost, type PrivatePermissions } from './address.js';
import { ServiceFailedError } from './errors.js';
import type { FederationSettings } from './policy.js';

export interface RemoteAnswer {
  status: number;
  statusText: string;
  headers: Headers;
  body: Buffer;
}

export interface RemoteRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  signal?: AbortSignal;
  settings: FederationSettings;
  permissions: PrivatePermissions;
  fail: (reason: string) => ServiceFailedError;
}

type Finish = (error: Error | undefined, answer?: RemoteAnswer) => void;

const DECODERS: Record<string, () => Transform> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

/** `1.5 s`, `250 ms`. */
function duration(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(3))} s` : `${ms} ms`;
}

/** A DNS lookup that refuses the whole host when any of its addresses is one the operator has not allowed. */
function guardedLookup(permissions: PrivatePermissions, fail: RemoteRequest['fail']): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      if (addresses.length === 0) return callback(new Error(`${hostname} has no address`), '', 0);
      for (const { address } of addresses) {
        const refusal = addressRefusal(address, hostname, permissions);
        if (refusal) return callback(fail(refusal), '', 0);
      }
      if ((options as dns.LookupOptions).all) (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** A response's headers as fetch's Headers, less those that described the encoded body. */
function answerHeaders(headers: http.IncomingHttpHeaders): Headers {
  const answer = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'content-encoding' || name === 'content-length' || name === 'transfer-encoding') continue;
    try {
      for (const v of Array.isArray(value) ? value : [value]) answer.append(name, v);
    } catch {
      // A header value fetch would not accept: left out.
    }
  }
  return answer;
}

/** Reads a response whole into `finish`: a redirect or an unknown encoding is a failure, the body is capped in bytes. */
function readAnswer(response: http.IncomingMessage, maxBytes: number, fail: RemoteRequest['fail'], finish: Finish): void {
  const status = response.statusCode ?? 0;
  if (status >= 300 && status < 400) {
    const location = response.headers.location;
    response.resume();
    finish(fail(`it answered with a redirect (HTTP ${status}${location ? ` to ${location}` : ''}), which is not followed`));
    return;
  }
  const encoding = String(response.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding !== 'identity' && !DECODERS[encoding]) {
    response.resume();
    finish(fail(`it sent its response in an encoding this client does not read (${encoding})`));
    return;
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  const collect = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        callback(fail(`its response was larger than ${maxBytes} bytes, the limit of one remote call`));
        return;
      }
      chunks.push(chunk);
      callback();
    },
  });
  const done = (error?: Error | null) => {
    if (error) {
      finish(error instanceof ServiceFailedError ? error : fail(`its response broke off (${error.message})`));
      return;
    }
    finish(undefined, {
      status,
      statusText: response.statusMessage ?? '',
      headers: answerHeaders(response.headers),
      body: Buffer.concat(chunks),
    });
  };
  if (encoding === 'identity') pipeline(response, collect, done);
  else pipeline(response, DECODERS[encoding](), collect, done);
}

/**
 * One HTTP exchange, whole: the host name resolved here and each address checked
 * before connecting, a 3xx refused, the body read in full (decompressed) within
 * the time limit and the size cap. Every failure is a ServiceFailedError.
 */
export function exchange({ url, method, headers, body, signal, settings, permissions, fail }: RemoteRequest): Promise<RemoteAnswer> {
  const host = bareHost(url.hostname);
  if (net.isIP(host) && !permissions.listsOriginOf(url)) {
    const refusal = addressRefusal(host, host, permissions);
    if (refusal) return Promise.reject(fail(refusal));
  }
  const lookup = guardedLookup(permissions, fail);

  return new Promise<RemoteAnswer>((resolve, reject) => {
    let settled = false;
    const request = (url.protocol === 'https:' ? https : http).request(url, { method, headers, lookup, agent: false });
    const finish: Finish = (error, answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error) {
        request.destroy();
        reject(error instanceof ServiceFailedError ? error : fail(`it could not be reached (${error.message})`));
      } else resolve(answer as RemoteAnswer);
    };
    const timer = setTimeout(
      () => finish(fail(`it did not answer within ${duration(settings.timeoutMs)}, the limit of one remote call`)),
      settings.timeoutMs,
    );
    const onAbort = () => finish(fail('the request was abandoned'));
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });

    request.on('error', (error) => finish(error));
    request.on('response', (response) => readAnswer(response, settings.maxResponseBytes, fail, finish));
    if (body) request.end(body);
    else request.end();
  });
}
