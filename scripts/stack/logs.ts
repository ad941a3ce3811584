/** `npm run stack -- logs <service> [-f]`: a service's log in either mode. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { ServiceName } from '../../stack/services.ts';
import { composeArgs } from './docker.ts';
import { StackError } from './output.ts';
import type { StackPaths } from './paths.ts';
import { logFile } from './paths.ts';
import { readState } from './state.ts';

/** Streams the log to this terminal; resolves with the exit code of tail / docker compose logs. */
export function showLogs(
  paths: StackPaths,
  service: ServiceName,
  follow: boolean,
  lines = 200,
): Promise<number> {
  const docker = readState(paths)?.mode === 'docker';
  let command: string;
  let args: string[];
  if (docker) {
    command = 'docker';
    args = [...composeArgs(paths), 'logs', '--tail', String(lines), ...(follow ? ['--follow'] : []), service];
  } else {
    const file = logFile(paths, service);
    if (!existsSync(file))
      throw new StackError(`no log for ${service} yet (${file}); start it with \`npm run stack -- up\``);
    command = 'tail';
    args = ['-n', String(lines), ...(follow ? ['-F'] : []), file];
  }
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.on('close', (code) => {
      resolve(code ?? 0);
    });
  });
}
