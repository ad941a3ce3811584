import { lazy, Suspense, useId, useState } from 'react';
import { Button } from '@grafana/ui';
import type { ExplainStrings } from '../../lib/live/explain-keys.ts';
import { testIds } from '../grafana/constants.ts';
import type { NodeResult } from './node-result.ts';

/**
 * "Explain the query" under an editor: a toggle, and the explain tree of `query` once it is
 * opened. The tree (and Prometheus' Lezer grammar with it) loads only then.
 */

const ExplainPanel = lazy(() => import('./explain-panel.tsx').then((m) => ({ default: m.ExplainPanel })));

export interface ExplainSectionProps {
  /** The query that ran. */
  readonly query: string;
  readonly strings: ExplainStrings;
  /** Evaluates one node's text at the instant the result shows. */
  readonly evaluate: (expr: string, signal: AbortSignal) => Promise<NodeResult>;
  /** Told when the learner opens the tree (an exercise runs its draft then). */
  readonly onOpen?: () => void;
}

export function ExplainSection({ query, strings, evaluate, onOpen }: ExplainSectionProps) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div>
      <Button
        size="sm"
        variant="secondary"
        fill="text"
        icon={open ? 'angle-down' : 'angle-right'}
        aria-expanded={open}
        aria-controls={`${id}-explain`}
        data-testid={testIds.explainToggle}
        onClick={() => {
          if (!open) onOpen?.();
          setOpen(!open);
        }}
      >
        {strings['live.explain.toggle']}
      </Button>
      <div id={`${id}-explain`} hidden={!open}>
        {open && (
          <Suspense fallback={null}>
            <ExplainPanel query={query} strings={strings} evaluate={evaluate} />
          </Suspense>
        )}
      </div>
    </div>
  );
}
