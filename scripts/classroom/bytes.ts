/**
 * Byte arrays joined into one that owns a plain ArrayBuffer (Buffer.concat's may sit in Node's
 * shared pool), so the encoders' output is a body any HTTP client's types take, fetch's too.
 */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
