import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import type { GrafanaTheme2 } from '@grafana/data';
import { tags } from '@lezer/highlight';
import { themeColors, themeComponents } from '../grafana/strict-types.ts';

/**
 * The editor's look from the panels' Grafana theme, so it follows Starlight's light/dark switch
 * with them (the island's theme watches data-theme on <html>) and reads as one of Grafana's own
 * inputs, its tokens in the colours of Grafana's code editor.
 */

const cache = new WeakMap<GrafanaTheme2, Extension>();

function build(theme: GrafanaTheme2): Extension {
  const colors = themeColors(theme);
  const { input, codeEditor: code } = themeComponents(theme);
  const mono = theme.typography.fontFamilyMonospace;

  const view = EditorView.theme(
    {
      '&': {
        color: input.text,
        backgroundColor: input.background,
        border: `1px solid ${input.borderColor}`,
        borderRadius: theme.shape.radius.default,
        fontSize: theme.typography.body.fontSize,
      },
      '&.cm-focused': { outline: `2px solid ${colors.primary.main}`, outlineOffset: '1px' },
      '.cm-scroller': { fontFamily: mono, lineHeight: 1.6 },
      '.cm-content': { padding: theme.spacing(0.75, 0), caretColor: colors.text.primary },
      '.cm-line': { padding: theme.spacing(0, 1) },
      '.cm-placeholder': { color: colors.text.disabled },
      '.cm-cursor, .cm-dropCursor': { borderLeftColor: colors.text.primary },
      '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
        backgroundColor: colors.action.selected,
      },
      '.cm-matchingBracket, &.cm-focused .cm-matchingBracket': {
        backgroundColor: colors.action.hover,
        outline: `1px solid ${colors.border.medium}`,
      },
      '.cm-tooltip': {
        color: colors.text.primary,
        backgroundColor: colors.background.elevated,
        border: `1px solid ${colors.border.weak}`,
        borderRadius: theme.shape.radius.default,
        boxShadow: theme.shadows.z3,
      },
      '.cm-tooltip.cm-tooltip-autocomplete > ul': { fontFamily: mono, maxHeight: '18em' },
      '.cm-tooltip.cm-tooltip-autocomplete > ul > li': { padding: theme.spacing(0.25, 1) },
      '.cm-tooltip.cm-tooltip-autocomplete > ul > li[aria-selected]': {
        backgroundColor: colors.action.selected,
        color: colors.text.primary,
      },
      '.cm-completionMatchedText': { textDecoration: 'none', fontWeight: theme.typography.fontWeightBold },
      '.cm-completionDetail': {
        color: colors.text.secondary,
        fontStyle: 'normal',
        marginLeft: theme.spacing(1),
      },
      '.cm-completionInfo': { padding: theme.spacing(1), maxWidth: '32em' },
      '.cm-diagnostic-error': { borderLeftColor: colors.error.main },
      '.cm-diagnostic-warning': { borderLeftColor: colors.warning.main },
    },
    { dark: theme.isDark },
  );

  // lezer-promql's tags: functions, aggregation operators, modifiers (by, on, offset), label names…
  const highlight = HighlightStyle.define([
    { tag: tags.function(tags.variableName), color: code.function },
    { tag: [tags.operatorKeyword, tags.logicOperator], color: code.keyword },
    { tag: tags.modifier, color: code.controlKeyword },
    { tag: tags.labelName, color: code.variable },
    { tag: tags.string, color: code.string },
    { tag: tags.number, color: code.number },
    { tag: tags.operator, color: code.operator },
    { tag: tags.comment, color: code.comment, fontStyle: 'italic' },
    { tag: tags.invalid, color: code.invalid },
  ]);

  return [view, syntaxHighlighting(highlight)];
}

/** The editor's theme extension for a Grafana theme (built once per theme). */
export function editorTheme(theme: GrafanaTheme2): Extension {
  let extension = cache.get(theme);
  if (extension === undefined) {
    extension = build(theme);
    cache.set(theme, extension);
  }
  return extension;
}
