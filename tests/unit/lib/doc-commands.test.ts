/** The curl commands a lesson shows, as the doc-command tests run them. */
import { describe, expect, it } from 'vitest';
import { curlCommands, unmetPromise } from '../../../scripts/lib/doc-commands.ts';

const lesson = [
  'Ask Mimir:',
  '',
  '```sh',
  '# Without a tenant this one fails:',
  "curl -s 'http://127.0.0.1:9009/prometheus/api/v1/query?query=up'",
  '',
  "curl -s -H 'X-Scope-OrgID: alloy' http://127.0.0.1:9009/prometheus/api/v1/query \\",
  '  --data-urlencode \'query=up{job="app"}\'',
  'curl -s http://127.0.0.1:12345/-/ready     # 200 once loaded',
  'echo not curl',
  '```',
  '',
  'Or look at the targets: `curl -s 127.0.0.1:9090/api/v1/targets | jq .` and `curl -s 127.0.0.1:19020/metrics`.',
].join('\n');

describe('curlCommands', () => {
  const found = curlCommands(lesson, 'lesson.mdx');

  it('takes code-block lines, joins continued lines and drops trailing comments', () => {
    expect(found.map((c) => [c.where, c.command])).toEqual([
      ['lesson.mdx:5', "curl -s 'http://127.0.0.1:9009/prometheus/api/v1/query?query=up'"],
      [
        'lesson.mdx:7',
        "curl -s -H 'X-Scope-OrgID: alloy' http://127.0.0.1:9009/prometheus/api/v1/query --data-urlencode 'query=up{job=\"app\"}'",
      ],
      ['lesson.mdx:9', 'curl -s http://127.0.0.1:12345/-/ready'],
      ['lesson.mdx:13', 'curl -s 127.0.0.1:9090/api/v1/targets | jq .'],
      ['lesson.mdx:13', 'curl -s 127.0.0.1:19020/metrics'],
    ]);
  });

  it('reads the port each one calls and whether the text says it fails on purpose', () => {
    expect(found.map((c) => [c.port, c.failsOnPurpose])).toEqual([
      [9009, true],
      [9009, false],
      [12345, false],
      [9090, false],
      [19020, false],
    ]);
  });
});

describe('unmetPromise', () => {
  const [refused, query, , targets] = curlCommands(lesson, 'lesson.mdx');
  const ran = (code: number, stdout: string) => ({ code, stdout, stderr: '' });

  it('wants exit 0, data where the pipe prints data, and the API status the text promises', () => {
    if (!refused || !query || !targets) throw new Error('the lesson has its commands');
    expect(unmetPromise(query, ran(3, ''))).toMatch(/^exited 3/);
    expect(unmetPromise(targets, ran(0, ''))).toBe('printed nothing');
    expect(unmetPromise(query, ran(0, '{"status":"error","error":"bad_data"}'))).toMatch(/status "error"/);
    expect(unmetPromise(query, ran(0, '{"status":"success","data":{}}'))).toBeUndefined();
    expect(unmetPromise(refused, ran(0, '{"status":"error","error":"no org id"}'))).toBeUndefined();
  });

  it('leaves the status of answers that are not the Prometheus API alone', () => {
    const post = curlCommands('`curl -s -XPOST 127.0.0.1:19020/checkout`', 'README.md')[0];
    if (!post) throw new Error('one command');
    expect(unmetPromise(post, ran(0, '{"status":"ok"}'))).toBeUndefined();
  });
});
