/**
 * Whether an IP address (as Node reports a client, or as /proc decodes a socket) is this
 * machine's loopback: 127.0.0.0/8, ::1, or 127.x mapped into IPv6. Host names are not addresses.
 */
export function isLoopbackAddress(address: string): boolean {
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4)) return true;
  return address === '::1';
}
