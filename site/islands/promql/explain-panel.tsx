import { Fragment, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, useStyles2 } from '@grafana/ui';
import type { ExplainStrings } from '../../lib/live/explain-keys.ts';
import { fillPlaceholders } from '../../lib/live/strings.ts';
import { testIds } from '../grafana/constants.ts';
import { themeColors } from '../grafana/strict-types.ts';
import { explainNode, typeKey, type Sentence } from './explain-strings.ts';
import type { ExplainNode } from './explain-nodes.ts';
import { buildExplainTree } from './explain-tree.ts';
import type { NodeResult } from './node-result.ts';

/**
 * The explain tree under the editor: the query that ran, node by node, each with what it does in
 * one line and, on demand, its own result (series count, the first label sets, the values), so a
 * learner sees where an aggregation dropped a label or a selector matched nothing. Loaded lazily
 * when the learner first opens it.
 */

export interface ExplainPanelProps {
  /** The query that ran (the graph's and the table's). */
  readonly query: string;
  readonly strings: ExplainStrings;
  /** Evaluates one node's text at the table's instant. */
  readonly evaluate: (expr: string, signal: AbortSignal) => Promise<NodeResult>;
}

type Styles = ReturnType<typeof getStyles>;

interface NodeProps {
  readonly node: ExplainNode;
  readonly strings: ExplainStrings;
  readonly evaluate: ExplainPanelProps['evaluate'];
  readonly styles: Styles;
}

/** A string with its placeholders filled by plain text (counts). */
function plain(text: string, values: Readonly<Record<string, string>>): string {
  return fillPlaceholders(text, values).join('');
}

/** A string with its placeholders filled by values shown as code (PromQL). */
function filled(text: string, values: Readonly<Record<string, string>>): ReactNode {
  const code = Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, <code>{value}</code>]),
  );
  return fillPlaceholders(text, code).map((part, i) => <Fragment key={i}>{part}</Fragment>);
}

function SentenceText({ sentence, strings }: { sentence: Sentence; strings: ExplainStrings }) {
  return <span>{filled(strings[sentence.key], sentence.values)}</span>;
}

function ResultView({
  result,
  strings,
  styles,
}: {
  result: NodeResult;
  strings: ExplainStrings;
  styles: Styles;
}) {
  if (result.kind === 'error')
    return (
      <div className={`${styles.result} ${styles.error}`} data-testid={testIds.explainResult}>
        {result.message}
      </div>
    );
  if (result.kind === 'value')
    return (
      <div className={styles.result} data-testid={testIds.explainResult}>
        {filled(strings['live.explain.result.value'], { value: result.value })}
      </div>
    );
  const more = result.count - result.series.length;
  return (
    <div className={styles.result} data-testid={testIds.explainResult} data-series-count={result.count}>
      {result.count === 0 ? (
        strings['live.explain.result.none']
      ) : (
        <>
          <div>{plain(strings['live.explain.result.series'], { count: String(result.count) })}</div>
          <ul className={styles.series}>
            {result.series.map((s) => (
              <li key={s.labels}>
                <code data-testid={testIds.explainLabels}>{s.labels}</code>{' '}
                {s.samples === undefined
                  ? s.value
                  : filled(strings['live.explain.result.samples'], {
                      count: String(s.samples),
                      value: s.value,
                    })}
              </li>
            ))}
          </ul>
          {more > 0 && <div>{plain(strings['live.explain.result.more'], { count: String(more) })}</div>}
        </>
      )}
    </div>
  );
}

function NodeItem({ node, strings, evaluate, styles }: NodeProps) {
  const id = useId();
  const [result, setResult] = useState<NodeResult | null>(null);
  const [busy, setBusy] = useState(false);
  const abort = useRef<AbortController | null>(null);
  useEffect(
    () => () => {
      abort.current?.abort();
    },
    [],
  );

  const run = () => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setBusy(true);
    void evaluate(node.text, controller.signal).then((next) => {
      if (controller.signal.aborted) return;
      setResult(next);
      setBusy(false);
    });
  };

  return (
    <li className={styles.node} data-testid={testIds.explainNode} data-kind={node.kind}>
      <div className={styles.head}>
        <code id={`${id}-expr`} className={styles.expr}>
          {node.text}
        </code>
        <span className={styles.type}>{strings[typeKey(node)]}</span>
        <Button
          size="sm"
          variant="secondary"
          fill="outline"
          icon="play"
          disabled={busy}
          aria-describedby={`${id}-expr`}
          data-testid={testIds.explainEvaluate}
          onClick={run}
        >
          {strings[busy ? 'live.explain.evaluating' : 'live.explain.evaluate']}
        </Button>
      </div>
      <p className={styles.explanation}>
        {explainNode(node).map((sentence) => (
          <SentenceText key={sentence.key} sentence={sentence} strings={strings} />
        ))}
      </p>
      <div aria-live="polite">
        {result !== null && <ResultView result={result} strings={strings} styles={styles} />}
      </div>
      {node.children.length > 0 && (
        <ul className={styles.children}>
          {node.children.map((child) => (
            <NodeItem
              key={`${child.from}-${child.to}`}
              node={child}
              strings={strings}
              evaluate={evaluate}
              styles={styles}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

export function ExplainPanel({ query, strings, evaluate }: ExplainPanelProps) {
  const styles = useStyles2(getStyles);
  const tree = useMemo(() => buildExplainTree(query), [query]);
  if (!tree.ok)
    return (
      <p className={styles.note}>
        {strings[tree.reason === 'empty' ? 'live.explain.empty' : 'live.explain.unparsable']}
      </p>
    );
  return (
    // Keyed by the query: a new query's nodes start without the old one's results.
    <ul
      key={query}
      className={styles.tree}
      aria-label={strings['live.explain.tree']}
      data-testid={testIds.explainTree}
    >
      <NodeItem node={tree.root} strings={strings} evaluate={evaluate} styles={styles} />
    </ul>
  );
}

const getStyles = (theme: GrafanaTheme2) => {
  const colors = themeColors(theme);
  const mono = theme.typography.fontFamilyMonospace;
  return {
    tree: css({ margin: 0, padding: 0, listStyle: 'none' }),
    children: css({
      margin: 0,
      marginLeft: theme.spacing(1),
      paddingLeft: theme.spacing(2),
      listStyle: 'none',
      borderLeft: `1px solid ${colors.border.medium}`,
    }),
    node: css({ padding: theme.spacing(0.75, 0) }),
    head: css({ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: theme.spacing(1) }),
    expr: css({ fontFamily: mono, overflowWrap: 'anywhere' }),
    type: css({
      padding: theme.spacing(0, 0.75),
      borderRadius: theme.shape.radius.default,
      background: colors.background.secondary,
      color: colors.text.secondary,
      fontSize: theme.typography.bodySmall.fontSize,
    }),
    explanation: css({
      margin: theme.spacing(0.25, 0, 0),
      color: colors.text.secondary,
      // Sentences are separate spans: a gap, not a space, so Japanese needs none.
      '& > span + span': { marginLeft: '0.35em' },
      '& code': { fontFamily: mono, color: colors.text.primary },
    }),
    result: css({
      marginTop: theme.spacing(0.5),
      padding: theme.spacing(0.5, 1),
      borderLeft: `3px solid ${colors.primary.border}`,
      background: colors.background.secondary,
      '& code': { fontFamily: mono },
    }),
    error: css({ borderLeftColor: colors.error.border, whiteSpace: 'pre-wrap', fontFamily: mono }),
    series: css({ margin: 0, paddingLeft: theme.spacing(2), overflowWrap: 'anywhere' }),
    note: css({ margin: 0, color: colors.text.secondary }),
  };
};
