/**
 * The two checks every Mimir-rules lab makes after its file is valid: the ruler accepts this
 * upload of the file's groups (replacing the namespace), and it runs exactly this upload (see
 * rule-upload.ts). The same file, still stored as last time, is kept: a re-check need not wait
 * for the ruler again, and the evaluations since the ruler was first seen running it count.
 */
import { z } from 'zod';
import type { Check } from './define.ts';
import { check } from './define.ts';
import { labMemory } from './lab-memory.ts';
import { promqlNormaliser, groupTexts, loadedDifference, replaceNamespace } from './rule-upload.ts';
import type { FileGroup } from './mimir-api.ts';
import { deleteRuleNamespace, parseStoredGroups, ruleStates, storedRuleGroups } from './mimir-api.ts';
import { mimir } from './promql.ts';
import { budget, formatMs } from './timing.ts';
import { fail, pass, wait } from './verdict.ts';

export interface RulerUploadState {
  /** Mimir's stored copy of this upload. */
  stored: FileGroup[];
  /** Unix seconds from which the ruler runs this upload: only its evaluations after it count. */
  since?: number;
}

export interface RulerUpload {
  readonly labId: string;
  readonly tenant: string;
  readonly namespace: string;
  /** The learner's rule file, relative to the lab folder. */
  readonly file: string;
}

const uploadMemory = (labId: string) =>
  labMemory(
    labId,
    'last-upload',
    z.object({ text: z.string(), stored: z.string(), loadedAt: z.number().optional() }),
  );

export function rulerRunsUpload<S extends RulerUploadState>(upload: RulerUpload): Check<S>[] {
  const { labId, tenant, namespace, file } = upload;
  const lastUpload = uploadMemory(labId);
  return [
    check<S>(`Mimir's ruler accepts the groups (namespace ${namespace})`, async (ctx, state) => {
      const groups = groupTexts(ctx.read(file));
      const text = groups.map((g) => g.yaml).join('\n---\n');
      const last = lastUpload.recall();
      const storedText = await storedRuleGroups(tenant, namespace);
      if (storedText !== undefined && last?.text === text && last.stored === storedText) {
        state.stored = parseStoredGroups(storedText, namespace);
        if (last.loadedAt !== undefined) state.since = last.loadedAt;
        return pass(`${groups.length} group(s), unchanged since the last check`);
      }
      lastUpload.forget();
      const replaced = await replaceNamespace(tenant, namespace, groups);
      if (!replaced.ok) return fail(`Mimir's ruler refused group "${replaced.group}": ${replaced.error}`);
      state.stored = replaced.stored.groups;
      lastUpload.remember({ text, stored: replaced.stored.text });
      return pass(`${groups.length} group(s) uploaded`);
    }),

    check<S>('the ruler has loaded this upload', (ctx, state) => {
      // Mimir's own formatter: the parser the ruler printed its expressions with.
      const normalise = promqlNormaliser(mimir(tenant).base, tenant);
      return ctx.waitUntil({
        what: 'the ruler to load this upload',
        budget: budget([{ what: 'ruler poll interval', ms: ctx.intervals.rulerPollMs }]),
        probe: async () => {
          const loaded = (await ruleStates(tenant)).filter((g) => g.file === namespace);
          const difference = await loadedDifference(
            state.stored,
            loaded,
            ctx.intervals.ruleEvaluationMs,
            normalise,
          );
          // Until its next sync the ruler runs the previous upload: wait for this one.
          if (difference) return wait(`the ruler does not run this upload yet: ${difference}`);
          if (state.since === undefined) {
            // From now on the ruler's evaluations are this upload's; before, they may be the last one's.
            state.since = Date.now() / 1000;
            const last = lastUpload.recall();
            if (last) lastUpload.remember({ ...last, loadedAt: state.since });
          }
          return pass(
            loaded
              .map((g) => `${g.name}: ${g.rules.length} rule(s) every ${formatMs(g.interval * 1000)}`)
              .join(', '),
          );
        },
      });
    }),
  ];
}

/** The lab's teardown: the namespace deleted and its upload forgotten; what it did, for the report. */
export async function removeUpload(upload: Omit<RulerUpload, 'file'>): Promise<string[]> {
  uploadMemory(upload.labId).forget();
  if ((await storedRuleGroups(upload.tenant, upload.namespace)) === undefined) return [];
  await deleteRuleNamespace(upload.tenant, upload.namespace);
  return [`deleted rule namespace ${upload.namespace} of tenant ${upload.tenant}`];
}
