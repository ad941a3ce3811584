import { defineMiddleware } from 'astro:middleware';
import { judgeRequest } from './lib/guard/request-guard.ts';

/**
 * Every on-demand route (the stack proxy, the lab endpoint) passes the request guard first.
 * Prerendered pages are static files with nothing to protect, and have no client address.
 */
export const onRequest = defineMiddleware((context, next) => {
  if (context.isPrerendered) return next();
  const header = (name: string): string | null => context.request.headers.get(name);
  const refusal = judgeRequest({
    method: context.request.method,
    pathname: context.url.pathname,
    clientAddress: context.clientAddress,
    host: header('host'),
    origin: header('origin'),
    secFetchSite: header('sec-fetch-site'),
    contentType: header('content-type'),
    contentLength: header('content-length'),
    transferEncoding: header('transfer-encoding'),
  });
  if (refusal === undefined) return next();
  return new Response(JSON.stringify({ error: refusal.error, message: refusal.message }), {
    status: refusal.status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      // A refused body is never read: close the connection rather than leave it to be drained.
      connection: 'close',
    },
  });
});
