import type { APIRoute } from 'astro';
import { z } from 'zod';
import { manifest } from '../../../../labs/manifest.ts';
import { runLabCli } from '../../../lib/labs/run-lab-cli.ts';

/**
 * The lab panel's endpoint. GET: the lab's progress and the hints shown so far. POST
 * {"action":"check"}: runs the lab's checker on workspace/<id> (the same as
 * `npm run lab -- check <id> --json`); {"action":"hint"}: reveals the next hint.
 */
export const prerender = false;

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });

const bodySchema = z.object({ action: z.enum(['check', 'hint']) });

const statusSchema = z.array(z.looseObject({ id: z.string(), hintsShown: z.number() }));

export const GET: APIRoute = async ({ params }) => {
  const lab = manifest.find((l) => l.id === params['id']);
  if (!lab) return json(404, { error: `no lab "${params['id'] ?? ''}"` });
  const answer = await runLabCli('list', undefined);
  const parsed = statusSchema.safeParse(answer.json);
  if (!parsed.success) return json(500, { error: answer.error || 'the lab CLI gave no status' });
  const status = parsed.data.find((s) => s.id === lab.id);
  return json(200, { status, hints: lab.hints.slice(0, status?.hintsShown ?? 0) });
};

export const POST: APIRoute = async ({ params, request }) => {
  const lab = manifest.find((l) => l.id === params['id']);
  if (!lab) return json(404, { error: `no lab "${params['id'] ?? ''}"` });
  // site/middleware.ts has already refused other hosts, origins and content types.
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    body = undefined;
  }
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) return json(400, { error: 'send {"action": "check"} or {"action": "hint"}' });
  const answer = await runLabCli(parsed.data.action, lab.id);
  if (answer.json === undefined) return json(409, { error: answer.error });
  return json(200, answer.json);
};
