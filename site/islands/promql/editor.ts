import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, indentOnInput } from '@codemirror/language';
import { forEachDiagnostic, lintKeymap, setDiagnosticsEffect } from '@codemirror/lint';
import { Compartment, EditorState, Prec } from '@codemirror/state';
import { EditorView, highlightSpecialChars, keymap, placeholder, tooltips } from '@codemirror/view';
import type { GrafanaTheme2 } from '@grafana/data';
import { PromQLExtension } from '@prometheus-io/codemirror-promql';
import type { QueryTarget } from '../../lib/stack-proxy/routes.ts';
import { stackCompletion } from './completion.ts';
import { editorTheme } from './editor-theme.ts';

/**
 * The playground's query editor: CodeMirror with the PromQL support of Prometheus' own query page
 * (@prometheus-io/codemirror-promql): highlighting, completion of functions, metric names, labels
 * and values from the learner's stack, and the parser's errors marked inline. For Loki it is a
 * plain editor, as that package knows no LogQL. React-free: promql-editor.tsx mounts it.
 */

/** One lint message, for the list under the editor (the inline marks only show on hover). */
export interface EditorDiagnostic {
  readonly from: number;
  readonly to: number;
  /** The text marked, empty for a mark between characters (something missing). */
  readonly text: string;
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly message: string;
}

export interface EditorOptions {
  readonly parent: HTMLElement;
  readonly doc: string;
  readonly target: QueryTarget;
  readonly theme: GrafanaTheme2;
  /** Ids of the visible label and the keyboard hint, for the editor's accessible name and description. */
  readonly labelId: string;
  readonly hintId: string;
  readonly placeholder: string;
  /** data-testid of the editable element (the tests fill and type into it). */
  readonly testId: string;
  readonly onChange: (doc: string) => void;
  /** Ctrl/Cmd+Enter. */
  readonly onRun: (doc: string) => void;
  readonly onDiagnostics: (diagnostics: readonly EditorDiagnostic[]) => void;
}

export interface PlaygroundEditor {
  /** Replaces the text (an example was picked), unless it already is that text. */
  setDoc(doc: string): void;
  setTheme(theme: GrafanaTheme2): void;
  destroy(): void;
}

function diagnosticsOf(state: EditorState): EditorDiagnostic[] {
  const found: EditorDiagnostic[] = [];
  forEachDiagnostic(state, (d, from, to) =>
    found.push({ from, to, text: state.sliceDoc(from, to), severity: d.severity, message: d.message }),
  );
  return found;
}

/** PromQL support, or none for Loki. Destroyed with the editor: that aborts pending lookups. */
function promQLSupport(target: QueryTarget): PromQLExtension | null {
  return target.source === 'loki' ? null : new PromQLExtension().setComplete(stackCompletion(target));
}

export function createEditor(options: EditorOptions): PlaygroundEditor {
  const theme = new Compartment();
  const promql = promQLSupport(options.target);

  const view = new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        // Above the default keymap, whose Mod-Enter inserts a blank line.
        Prec.highest(
          keymap.of([
            {
              key: 'Mod-Enter',
              run: (v) => {
                options.onRun(v.state.doc.toString());
                return true;
              },
            },
          ]),
        ),
        highlightSpecialChars(),
        history(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        autocompletion(),
        // Tab is left to the page (no indentWithTab), so keyboard users can leave the editor.
        keymap.of([
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...historyKeymap,
          ...completionKeymap,
          ...lintKeymap,
        ]),
        EditorView.lineWrapping,
        // On <body>, completion docs beside the list are not hidden under Starlight's sidebar;
        // CodeMirror gives the container the editor's theme classes.
        tooltips({ parent: document.body }),
        placeholder(options.placeholder),
        EditorView.contentAttributes.of({
          'aria-labelledby': options.labelId,
          'aria-describedby': options.hintId,
          'data-testid': options.testId,
          spellcheck: 'false',
        }),
        promql?.asExtension() ?? [],
        theme.of(editorTheme(options.theme)),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
          if (update.transactions.some((tr) => tr.effects.some((e) => e.is(setDiagnosticsEffect))))
            options.onDiagnostics(diagnosticsOf(update.state));
        }),
      ],
    }),
  });

  return {
    setDoc(doc) {
      if (doc === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: doc } });
    },
    setTheme(next) {
      view.dispatch({ effects: theme.reconfigure(editorTheme(next)) });
    },
    destroy() {
      promql?.destroy();
      view.destroy();
    },
  };
}
