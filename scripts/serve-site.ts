/**
 * `npm run preview`: serves the built site on 127.0.0.1 only. @astrojs/node's preview server
 * reads process.env.HOST before --host, and HOST=0.0.0.0 is common in devcontainers (tcsh
 * exports the hostname), which would put the lab endpoint on the LAN: HOST is overridden here.
 */
import { spawn } from 'node:child_process';
import { siteBindAddress, sitePort } from '../site/lib/guard/site-address.ts';

const child = spawn('astro', ['preview', '--host', siteBindAddress, '--port', String(sitePort)], {
  stdio: 'inherit',
  env: { ...process.env, HOST: siteBindAddress, PORT: String(sitePort) },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 128 : 1);
});
