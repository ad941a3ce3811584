import { lazy, Suspense, useCallback, useEffect, useId, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, useStyles2 } from '@grafana/ui';
import type { CheckJson } from '../../lib/labs/check-json.ts';
import type { ExerciseSpec } from '../../lib/live/spec.ts';
import { fillPlaceholders, type ExerciseIslandStrings } from '../../lib/live/strings.ts';
import type { ExerciseTarget } from '../../lib/stack-proxy/routes.ts';
import { exercisesStartCommand } from '../../lib/stack-proxy/forward.ts';
import { testIds } from '../grafana/constants.ts';
import { themeColors } from '../grafana/strict-types.ts';
import { ExplainSection } from './explain-section.tsx';
import { evaluateNode, listedSeries, type NodeResult } from './node-result.ts';

/**
 * A PromQL exercise in the page: Prometheus' own editor over the exercises' Prometheus (names
 * completed from the dataset), Run to see the query's result at the time it is judged at, the
 * explain tree evaluated at that time too, and Check, which grades the query with the same
 * checker as `npm run lab -- check promql-NN --query …` and shows its verdict check by check.
 */

const PromQLEditor = lazy(() => import('./promql-editor.tsx').then((m) => ({ default: m.PromQLEditor })));

const target: ExerciseTarget = { source: 'exercises' };

type Prepared = { state: 'preparing' } | { state: 'ready' } | { state: 'failed'; error: string };
type Verdict =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'done'; report: CheckJson }
  | { state: 'error'; error: string };

async function post(id: string, body: unknown): Promise<{ ok: boolean; json: unknown }> {
  try {
    const response = await fetch(`/api/labs/${encodeURIComponent(id)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { ok: response.ok, json: (await response.json()) as unknown };
  } catch (error) {
    return { ok: false, json: { error: (error as Error).message } };
  }
}

const errorOf = (json: unknown): string =>
  typeof json === 'object' && json !== null && 'error' in json && typeof json.error === 'string'
    ? json.error
    : 'no answer';

const timeText = (seconds: number): string => `${new Date(seconds * 1000).toISOString().slice(11, 16)} UTC`;

export function ExerciseRoot({ spec, strings }: { spec: ExerciseSpec; strings: ExerciseIslandStrings }) {
  const styles = useStyles2(getStyles);
  const id = useId();
  const [draft, setDraft] = useState('');
  const [ran, setRan] = useState('');
  const [prepared, setPrepared] = useState<Prepared>({ state: 'preparing' });
  const [result, setResult] = useState<NodeResult | undefined>();
  const [verdict, setVerdict] = useState<Verdict>({ state: 'idle' });
  const time = timeText(spec.at);

  useEffect(() => {
    void post(spec.id, { action: 'prepare' }).then(({ ok, json }) => {
      const ready = ok && typeof json === 'object' && json !== null && 'ready' in json && json.ready === true;
      setPrepared(ready ? { state: 'ready' } : { state: 'failed', error: errorOf(json) });
    });
  }, [spec.id]);

  const evaluate = useCallback(
    (expr: string, signal: AbortSignal) => evaluateNode(target, expr, spec.at * 1000, signal),
    [spec.at],
  );

  const run = useCallback(
    (query: string) => {
      if (query.trim() === '') return;
      setRan(query);
      void evaluate(query, new AbortController().signal).then(setResult);
    },
    [evaluate],
  );

  const check = (): void => {
    if (draft.trim() === '') return;
    setVerdict({ state: 'checking' });
    void post(spec.id, { action: 'check', query: draft }).then(({ ok, json }) => {
      setVerdict(
        ok ? { state: 'done', report: json as CheckJson } : { state: 'error', error: errorOf(json) },
      );
    });
  };

  return (
    <div
      className={styles.wrapper}
      data-testid="exercise"
      data-exercise={spec.id}
      data-prepared={prepared.state}
    >
      <div id={`${id}-label`} className={styles.label}>
        {strings['exercise.editor']}
      </div>
      {prepared.state === 'preparing' && <div className={styles.hint}>{strings['exercise.preparing']}</div>}
      {prepared.state === 'failed' && (
        <div role="alert" className={styles.error}>
          {fillPlaceholders(strings['exercise.prepareFailed'], {
            error: prepared.error,
            command: <code key="command">{exercisesStartCommand}</code>,
          })}
        </div>
      )}
      <div className={styles.editorRow}>
        <Suspense fallback={<div className={styles.editorLoading} />}>
          <PromQLEditor
            value={draft}
            target={target}
            labelId={`${id}-label`}
            hintId={`${id}-hint`}
            placeholder="sum by (instance) (rate(http_requests_total[5m]))"
            onChange={setDraft}
            onRun={run}
          />
        </Suspense>
        <Button
          icon="play"
          variant="secondary"
          onClick={() => {
            run(draft);
          }}
          data-testid={testIds.playgroundRun}
        >
          {fillPlaceholders(strings['exercise.run'], { time }).join('')}
        </Button>
        <Button
          icon="check"
          onClick={check}
          disabled={verdict.state === 'checking'}
          data-testid="exercise-check"
        >
          {strings[verdict.state === 'checking' ? 'exercise.checking' : 'exercise.check']}
        </Button>
      </div>
      <div id={`${id}-hint`} className={styles.hint}>
        {strings['live.playground.hint']}{' '}
        {fillPlaceholders(strings['exercise.about'], { judged: spec.judged }).join('')}
      </div>
      <div
        aria-live="polite"
        data-testid="exercise-verdict"
        data-state={verdict.state}
        {...(verdict.state === 'done' ? { 'data-passed': String(verdict.report.passed) } : {})}
      >
        {verdict.state === 'error' && (
          <div role="alert" className={styles.error}>
            {verdict.error}
          </div>
        )}
        {verdict.state === 'done' && (
          <div className={verdict.report.passed ? styles.passed : styles.failed}>
            <strong>{strings[verdict.report.passed ? 'exercise.passed' : 'exercise.failed']}</strong>
            <ul className={styles.checks}>
              {verdict.report.checks
                .filter((c) => c.status !== 'skip')
                .map((c) => (
                  <li key={c.name} data-status={c.status}>
                    {c.status === 'pass' ? '✓' : '✗'} {c.name}
                    {c.status === 'fail' && c.message && <div className={styles.message}>{c.message}</div>}
                    {c.status === 'fail' && c.hint && <div className={styles.message}>{c.hint}</div>}
                  </li>
                ))}
            </ul>
          </div>
        )}
      </div>
      {result && <ResultTable result={result} time={time} strings={strings} styles={styles} />}
      <ExplainSection
        query={ran}
        strings={strings}
        evaluate={evaluate}
        onOpen={() => {
          if (ran === '' && draft.trim() !== '') run(draft);
        }}
      />
    </div>
  );
}

type Styles = ReturnType<typeof getStyles>;

function ResultTable({
  result,
  time,
  strings,
  styles,
}: {
  result: NodeResult;
  time: string;
  strings: ExerciseIslandStrings;
  styles: Styles;
}) {
  if (result.kind === 'error')
    return (
      <div role="alert" className={styles.error} data-testid={testIds.playgroundError}>
        {result.message}
      </div>
    );
  if (result.kind === 'value')
    return (
      <div data-testid={testIds.playgroundTable}>
        <code>{result.value}</code>
      </div>
    );
  if (result.count === 0)
    return (
      <div data-testid={testIds.playgroundTable}>
        {fillPlaceholders(strings['exercise.noResult'], { time }).join('')}
      </div>
    );
  return (
    <div
      data-testid={testIds.playgroundTable}
      data-series-count={result.count}
      className={styles.scroll}
      tabIndex={0}
    >
      <table className={styles.table}>
        <caption>
          {fillPlaceholders(strings['exercise.result'], { time, count: String(result.count) }).join('')}
        </caption>
        <tbody>
          {result.series.map((s) => (
            <tr key={s.labels}>
              <td>
                <code>{s.labels}</code>
              </td>
              <td>
                <code>{s.samples === undefined ? s.value : `${s.samples} samples, last ${s.value}`}</code>
              </td>
            </tr>
          ))}
          {result.count > listedSeries && (
            <tr>
              <td colSpan={2}>…</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => {
  const colors = themeColors(theme);
  return {
    wrapper: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
    label: css({ fontWeight: theme.typography.fontWeightMedium }),
    editorRow: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'flex-start', flexWrap: 'wrap' }),
    editorLoading: css({ flex: 1, minHeight: theme.spacing(4.5) }),
    hint: css({ color: colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
    error: css({
      padding: theme.spacing(1, 2),
      borderLeft: `4px solid ${theme.colors.error.border}`,
      background: theme.colors.error.transparent,
      color: colors.text.primary,
      whiteSpace: 'pre-wrap',
    }),
    passed: css({
      padding: theme.spacing(1, 2),
      borderLeft: `4px solid ${theme.colors.success.border}`,
      background: theme.colors.success.transparent,
      color: colors.text.primary,
    }),
    failed: css({
      padding: theme.spacing(1, 2),
      borderLeft: `4px solid ${theme.colors.warning.border}`,
      background: theme.colors.warning.transparent,
      color: colors.text.primary,
    }),
    checks: css({ listStyle: 'none', margin: 0, padding: 0 }),
    message: css({ marginLeft: theme.spacing(2), whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }),
    scroll: css({ overflowX: 'auto' }),
    table: css({
      borderCollapse: 'collapse',
      '& td': { padding: theme.spacing(0.25, 1), borderBottom: `1px solid ${colors.border.weak}` },
      '& caption': { textAlign: 'left', color: colors.text.secondary },
    }),
  };
};
