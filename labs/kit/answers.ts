/**
 * Short answers a learner writes into a lab's answers file, read the way a person would: the
 * case, quotes, punctuation and the words around the answer do not matter ("The `job` label."
 * is "job"), a character may be written or named ("_", "underscores", "low line"), and a
 * label matcher after a name is ignored (`target_info{job="x"}` is "target_info"). Everything
 * that is left must be an accepted answer, so "job or instance" is refused.
 */

/** One question: what it accepts and where to look when the answer is not it. */
export interface Question {
  /** The accepted answers, lower case: names ("job") or single characters ("_"). */
  readonly accept: readonly string[];
  /**
   * Words that say nothing here beyond the common ones ("the", "label", "metric", …): e.g.
   * "dots" in "dots became underscores", which would otherwise be read as the character ".".
   */
  readonly filler?: readonly string[];
  /** Where the answer is found, said when it is refused. */
  readonly where: string;
}

export type Judgement =
  { readonly kind: 'todo' } | { readonly kind: 'right' } | { readonly kind: 'wrong'; readonly given: string };

/** Characters by the names a learner may write instead (singular and plural). */
const CHARACTER_NAMES: Readonly<Record<string, string>> = {
  underscore: '_',
  underscores: '_',
  lowline: '_',
  lowlines: '_',
  dot: '.',
  dots: '.',
  period: '.',
  periods: '.',
  point: '.',
  points: '.',
  hyphen: '-',
  hyphens: '-',
  dash: '-',
  dashes: '-',
  minus: '-',
  colon: ':',
  colons: ':',
  slash: '/',
  slashes: '/',
};

/** Names of two words, joined before the answer is split into words. */
const TWO_WORD_NAMES: readonly [RegExp, string][] = [
  [/\blow\s+lines?\b/g, 'lowline'],
  [/\bunder\s*scores?\b/g, 'underscore'],
  [/\bfull\s+stops?\b/g, 'dot'],
];

/** Words around an answer that do not change it. */
const COMMON_FILLER = new Set([
  'a',
  'an',
  'the',
  'it',
  'its',
  'is',
  'are',
  'was',
  'were',
  'be',
  'they',
  'them',
  'became',
  'become',
  'becomes',
  'turned',
  'turn',
  'turns',
  'into',
  'to',
  'by',
  'as',
  'in',
  'of',
  'called',
  'named',
  'name',
  'one',
  'single',
  'character',
  'characters',
  'char',
  'sign',
  'symbol',
  'label',
  'labels',
  'metric',
  'metrics',
  'series',
  '__name__',
]);

/** What a YAML value says as text: a list is its items in a row, a map says nothing. */
export function answerText(value: unknown): string {
  if (Array.isArray(value)) return value.map(answerText).filter(Boolean).join(', ');
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value).trim()
    : '';
}

/** Still to do: empty, or the placeholder left in. */
const isTodo = (text: string): boolean => /^(todo|\?+|)$/i.test(text.trim());

/**
 * Punctuation around a word that is not part of it ("job." → "job", "`_`" → "_"); a full stop
 * left alone after a quote ("`x`.") is none. A lone character answer never gets here.
 */
const trimWord = (word: string): string => word.replace(/^[.!?:*]+|[.!?:*]+$/g, '');

/**
 * The words an answer comes down to: lower case, label matchers and `name=value` reduced to
 * the name, quotes and brackets dropped, characters' names turned into the characters, filler
 * words left out.
 */
export function answerWords(text: string, filler: readonly string[] = []): string[] {
  const lower = text.trim().toLowerCase();
  // A lone symbol or two ("_", "=", "''") is the answer itself, not punctuation around one.
  if (/^[^\p{L}\p{N}\s]{1,2}$/u.test(lower)) return [lower];
  let prepared = lower
    .replace(/\b(\w+)'(s|re)\b/g, '$1')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/([\w.]+)\s*=\s*("[^"]*"|'[^']*'|\S+)/g, '$1');
  for (const [pattern, name] of TWO_WORD_NAMES) prepared = prepared.replace(pattern, name);
  const skip = new Set([...COMMON_FILLER, ...filler.map((f) => f.toLowerCase())]);
  return prepared
    .split(/[\s,;()[\]"'`]+/)
    .map(trimWord)
    .filter((word) => word !== '' && !skip.has(word))
    .map((word) => CHARACTER_NAMES[word] ?? word);
}

/** Right when the answer comes down to accepted words only (at least one). */
export function judgeAnswer(value: unknown, question: Question): Judgement {
  const given = answerText(value);
  if (isTodo(given)) return { kind: 'todo' };
  const words = answerWords(given, question.filler);
  const right = words.length > 0 && words.every((word) => question.accept.includes(word));
  return right ? { kind: 'right' } : { kind: 'wrong', given };
}
