import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serviceNames } from '../../../stack/services.ts';
import { renderConfigs, rewriteHosts } from '../../../scripts/stack/native/render.ts';
import { stackPaths } from '../../../scripts/stack/paths.ts';

describe('rewriteHosts', () => {
  it('points compose host names at 127.0.0.1', () => {
    expect(rewriteHosts("targets: ['app:8080']")).toBe("targets: ['127.0.0.1:8080']");
    expect(rewriteHosts('url: http://mimir:9009/api/v1/push')).toBe('url: http://127.0.0.1:9009/api/v1/push');
    expect(rewriteHosts('targets = [{ "__address__" = "app:8080" }]')).toBe(
      'targets = [{ "__address__" = "127.0.0.1:8080" }]',
    );
    expect(rewriteHosts('- prometheus:9090\n')).toBe('- 127.0.0.1:9090\n');
  });

  it('binds wildcard listeners to loopback', () => {
    expect(rewriteHosts('endpoint = "0.0.0.0:4317"')).toBe('endpoint = "127.0.0.1:4317"');
    expect(rewriteHosts('http_listen_address: 0.0.0.0')).toBe('http_listen_address: 127.0.0.1');
    expect(rewriteHosts('ip 10.0.0.0.1')).toBe('ip 10.0.0.0.1');
  });

  it('binds [::]:port and bare :port listeners to loopback, line for line', () => {
    expect(rewriteHosts('endpoint = "[::]:4318"')).toBe('endpoint = "127.0.0.1:4318"');
    expect(rewriteHosts('listen_address = ":4318"')).toBe('listen_address = "127.0.0.1:4318"');
    expect(rewriteHosts("http_listen_address: ':3100'")).toBe("http_listen_address: '127.0.0.1:3100'");
    expect(rewriteHosts('address: :9095\n')).toBe('address: 127.0.0.1:9095\n');
    expect(rewriteHosts('--web.listen-address=:9090')).toBe('--web.listen-address=127.0.0.1:9090');
    const untouched = [
      'at = "12:30"',
      'peer = "[::1]:4318"',
      'host = "::1"',
      'regex: :(\\d+)',
      'replacement: $1:9100',
    ];
    for (const line of untouched) expect(rewriteHosts(line)).toBe(line);
    const config = 'a {\n  endpoint = "[::]:4317"\n}\nb {\n  endpoint = ":4318"\n}\n';
    expect(rewriteHosts(config).split('\n').length).toBe(config.split('\n').length);
  });

  it('leaves job names, tenants and component names alone', () => {
    const text = [
      'job_name: prometheus',
      'X-Scope-OrgID: prometheus',
      'prometheus.scrape "app" {',
      'forward_to = [prometheus.remote_write.mimir.receiver]',
      'image: grafana/mimir:3.1.2',
      'app: 1',
    ].join('\n');
    expect(rewriteHosts(text)).toBe(text);
  });
});

describe('renderConfigs', () => {
  it('renders every config with no compose host name left, plus the labs folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'stack-render-'));
    cpSync(stackPaths().stackDir, join(root, 'stack'), {
      recursive: true,
      // Not the labs folder: a lab checked meanwhile has its drop-in there.
      filter: (src) => !src.includes('/stack/app') && !src.includes('/stack/prometheus/labs/'),
    });
    mkdirSync(join(root, 'stack', 'prometheus', 'labs'), { recursive: true });
    writeFileSync(
      join(root, 'stack', 'prometheus', 'labs', 'lab-01.yml'),
      "scrape_configs:\n  - job_name: extra\n    static_configs:\n      - targets: ['app:8080']\n",
    );
    const paths = stackPaths(root);
    const written = renderConfigs(paths);
    expect(written.map((f) => f.slice(paths.config.length + 1)).sort()).toEqual(
      [
        'alloy/config.alloy',
        'mimir/mimir.yaml',
        'prometheus/labs/lab-01.yml',
        'prometheus/prometheus.yml',
        'prometheus/rules/meta-monitoring.yml',
      ].sort(),
    );
    const hostPort = new RegExp(`(^|[\\s'"/=\\[])(${serviceNames.join('|')}):\\d`, 'm');
    for (const file of written) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(hostPort);
      expect(text, file).not.toContain('0.0.0.0');
    }
    expect(readFileSync(join(paths.config, 'prometheus/labs/lab-01.yml'), 'utf8')).toContain(
      "'127.0.0.1:8080'",
    );
  });

  it('renders a lab folder beside the drop-ins file by file, so the folder file_sd watches stays', () => {
    const root = mkdtempSync(join(tmpdir(), 'stack-render-'));
    cpSync(stackPaths().stackDir, join(root, 'stack'), {
      recursive: true,
      filter: (src) => !src.includes('/stack/app'),
    });
    const source = join(root, 'stack', 'prometheus', 'labs', '08-lab');
    mkdirSync(source, { recursive: true });
    writeFileSync(join(source, 'targets.json'), '[{ "targets": ["app:8080"] }]\n');
    writeFileSync(join(source, 'old.json'), '[]\n');
    const paths = stackPaths(root);
    renderConfigs(paths);
    const rendered = join(paths.config, 'prometheus', 'labs', '08-lab');
    expect(readFileSync(join(rendered, 'targets.json'), 'utf8')).toBe(
      '[{ "targets": ["127.0.0.1:8080"] }]\n',
    );
    const folder = statSync(rendered).ino;
    const unchanged = statSync(join(rendered, 'targets.json')).ino;

    renderConfigs(paths);
    expect(statSync(join(rendered, 'targets.json')).ino, 'an unchanged file is not written again').toBe(
      unchanged,
    );

    writeFileSync(join(source, 'targets.json'), '[{ "targets": ["mimir:9009"] }]\n');
    rmSync(join(source, 'old.json'));
    renderConfigs(paths);
    expect(statSync(rendered).ino, 'the folder is the same folder').toBe(folder);
    expect(readdirSync(rendered)).toEqual(['targets.json']);
    expect(readFileSync(join(rendered, 'targets.json'), 'utf8')).toBe(
      '[{ "targets": ["127.0.0.1:9009"] }]\n',
    );

    rmSync(source, { recursive: true });
    renderConfigs(paths);
    expect(existsSync(rendered), 'a lab folder that is gone is gone from the render').toBe(false);
  });
});
