// The service's own base URL, for the links in its descriptions: the configured
// public base (UPR_PUBLIC_BASE); else the Host the request was addressed to,
// if it is a valid authority (a 400 if not), in a response no cache may keep,
// as another client sending another Host would get another body.
import type { Request, Response } from 'express';
import type { Config } from '../config.js';
import { badRequest } from './errors.js';

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
/** host[:port]: a DNS name, an IPv4 address or a bracketed IPv6 address (RFC 3986 authority without user info). */
const AUTHORITY = new RegExp(`^(?:\\[[0-9A-Fa-f:.]{2,45}\\]|${LABEL}(?:\\.${LABEL})*\\.?)(?::\\d{1,5})?$`);

/** Whether `host` is a valid `host[:port]`. */
export function isAuthority(host: string): boolean {
  return host.length <= 260 && AUTHORITY.test(host);
}

/** The base URL (ending in `/`) the response describes the service under; marks the response not to be stored when it is the request's. */
export function publicBase(req: Request, res: Response, config: Config): string {
  if (config.publicBase) return config.publicBase.endsWith('/') ? config.publicBase : `${config.publicBase}/`;
  res.set('Cache-Control', 'no-store');
  const host = req.get('host');
  if (host === undefined) {
    // HTTP/1.0 without Host: the address the request came in on.
    const address = req.socket.localAddress ?? '127.0.0.1';
    return `${req.protocol}://${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort}/`;
  }
  if (!isAuthority(host)) {
    throw badRequest(
      `The Host header "${host.slice(0, 100)}" is not a valid host name or address with an optional port; set UPR_PUBLIC_BASE behind a proxy.`,
    );
  }
  return `${req.protocol}://${host}/`;
}
