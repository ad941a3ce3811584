import type { APIRoute } from 'astro';
import { z } from 'zod';
import { manifest } from '../../../../labs/manifest.ts';
import { exercises } from '../../../../labs/promql/exercises.ts';
import { runLabCli } from '../../../lib/labs/run-lab-cli.ts';

/**
 * The endpoint of the lab panel and of the PromQL exercises. GET: a lab's progress and the hints
 * shown so far. POST {"action":"check"}: runs the lab's checker on workspace/<id> (the same as
 * `npm run lab -- check <id> --json`); {"action":"hint"}: reveals the next hint. For an exercise
 * (promql-NN), {"action":"check","query":"…"} grades the editor's query exactly as
 * `npm run lab -- check promql-NN --query "…"` does, and {"action":"prepare"} starts the
 * exercise Prometheus the editor completes from.
 */
export const prerender = false;

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });

const labBodySchema = z.object({ action: z.enum(['check', 'hint']) });

/** A query the size of a long expression; the request guard has bounded the body already. */
const exerciseBodySchema = z.union([
  z.object({ action: z.literal('check'), query: z.string().trim().min(1).max(4096) }),
  z.object({ action: z.literal('prepare') }),
]);

const statusSchema = z.array(z.looseObject({ id: z.string(), hintsShown: z.number() }));

async function body(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    return undefined;
  }
}

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
  // site/middleware.ts has already refused other hosts, origins and content types.
  const exercise = exercises.find((e) => e.id === params['id']);
  if (exercise) {
    const parsed = exerciseBodySchema.safeParse(await body(request));
    if (!parsed.success)
      return json(400, { error: 'send {"action": "check", "query": "<PromQL>"} or {"action": "prepare"}' });
    const answer =
      parsed.data.action === 'check'
        ? await runLabCli('check', exercise.id, undefined, undefined, parsed.data.query)
        : // One start for all the exercises of a page: their islands ask at once, and join one run.
          await runLabCli('prepare', 'promql');
    if (answer.json === undefined) return json(409, { error: answer.error });
    return json(200, answer.json);
  }
  const lab = manifest.find((l) => l.id === params['id']);
  if (!lab) return json(404, { error: `no lab or exercise "${params['id'] ?? ''}"` });
  const parsed = labBodySchema.safeParse(await body(request));
  if (!parsed.success) return json(400, { error: 'send {"action": "check"} or {"action": "hint"}' });
  const answer = await runLabCli(parsed.data.action, lab.id);
  if (answer.json === undefined) return json(409, { error: answer.error });
  return json(200, answer.json);
};
