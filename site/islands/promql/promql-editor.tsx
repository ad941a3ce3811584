import { useEffect, useRef, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import type { QueryTarget } from '../../lib/stack-proxy/routes.ts';
import { testIds } from '../grafana/constants.ts';
import { themeColors } from '../grafana/strict-types.ts';
import { createEditor, type EditorDiagnostic, type PlaygroundEditor } from './editor.ts';

/**
 * The playground's editor as a React component: mounts the CodeMirror view once, passes text
 * picked outside it (an example) in, follows the panels' theme, and lists the parser's errors
 * under it, where a learner (and a screen reader) reads them without hovering over the marks.
 * The playground imports this module lazily, so CodeMirror loads with a playground only.
 */

export interface PromQLEditorProps {
  readonly value: string;
  readonly target: QueryTarget;
  readonly labelId: string;
  readonly hintId: string;
  readonly placeholder: string;
  readonly onChange: (value: string) => void;
  readonly onRun: (value: string) => void;
}

export function PromQLEditor(props: PromQLEditorProps) {
  const { value, target, labelId, hintId, placeholder } = props;
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const parent = useRef<HTMLDivElement>(null);
  const editor = useRef<PlaygroundEditor | null>(null);
  const [diagnostics, setDiagnostics] = useState<readonly EditorDiagnostic[]>([]);
  // The view lives as long as the component; it calls back through these to the latest props.
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    if (parent.current === null) return;
    const created = createEditor({
      parent: parent.current,
      doc: latest.current.value,
      target,
      theme,
      labelId,
      hintId,
      placeholder,
      testId: testIds.playgroundEditor,
      onChange: (doc) => {
        latest.current.onChange(doc);
      },
      onRun: (doc) => {
        latest.current.onRun(doc);
      },
      onDiagnostics: setDiagnostics,
    });
    editor.current = created;
    return () => {
      created.destroy();
      editor.current = null;
    };
    // Not on theme or text: those change through setTheme and setDoc below, in the same view.
  }, [target, labelId, hintId, placeholder]);

  useEffect(() => {
    editor.current?.setDoc(value);
  }, [value]);

  useEffect(() => {
    editor.current?.setTheme(theme);
  }, [theme]);

  return (
    <div className={styles.wrapper}>
      <div ref={parent} />
      {/* Always in the page: a live region announces what is added to it, not what it arrives with. */}
      <div aria-live="polite">
        {diagnostics.length > 0 && (
          <ul className={styles.diagnostics} data-testid={testIds.playgroundLint}>
            {diagnostics.map((d) => (
              <li key={`${d.from}-${d.to}-${d.message}`} data-severity={d.severity}>
                {d.text !== '' && <code>{d.text}</code>} {d.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5), flex: 1, minWidth: 0 }),
  diagnostics: css({
    margin: 0,
    paddingLeft: theme.spacing(1),
    listStyle: 'none',
    borderLeft: `3px solid ${theme.colors.error.border}`,
    color: themeColors(theme).text.primary,
    fontSize: theme.typography.bodySmall.fontSize,
    '& code': { fontFamily: theme.typography.fontFamilyMonospace, color: theme.colors.error.text },
  }),
});
