/**
 * Where the workshop site is served: one port on the loopback interface, under the three names a
 * browser may use for it. The request guard, astro.config.mjs, `npm start` and Playwright read it
 * from here, so a Host check can never disagree with the port the server listens on.
 */
export const sitePort = 4321;

/** The address the server binds, whatever HOST the environment inherited. */
export const siteBindAddress = '127.0.0.1';

/** Host header values that name this site: anything else is a rebound or misdirected request. */
export const siteHosts: readonly string[] = [
  `127.0.0.1:${sitePort}`,
  `localhost:${sitePort}`,
  `[::1]:${sitePort}`,
];

/** The site's origins, one per host name. */
export const siteOrigins: readonly string[] = siteHosts.map((host) => `http://${host}`);

/** The URL a learner opens. */
export const siteUrl = `http://${siteBindAddress}:${sitePort}`;
