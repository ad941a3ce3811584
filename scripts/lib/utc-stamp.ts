/** A UTC time that sorts and is safe in a file name everywhere: 20251202T091500Z. */
export const utcStamp = (now: Date): string =>
  now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
