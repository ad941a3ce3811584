/**
 * The instructor pages' table words, per locale. They live beside the agendas (whose titles
 * and demos are per-locale text too) rather than in content/i18n: only these two components use them.
 */
import type { Locale } from '../locales.ts';

export const instructorStrings = {
  en: {
    at: 'Time',
    lesson: 'Lesson',
    minutes: 'Minutes',
    demo: 'Demonstrate live',
    lab: 'Lab',
    break: 'Break',
    lunch: 'Lunch',
    'wrap-up': 'Wrap-up and questions',
    total: (minutes: number, ends: string, length: number) =>
      `${String(minutes)} minutes in all, ending at ${ends} (${String(length - minutes)} minutes to spare).`,
    hints: 'Hints the learner can reveal',
    mistakes: 'Mistakes the checker recognises, and the words it answers with',
    accepted: (n: number) =>
      `The checker also accepts ${String(n)} other correct solutions besides labs/<id>/solution/.`,
    mistake: 'What the learner did',
    says: 'The checker says (part of its message)',
  },
  ja: {
    at: '時刻',
    lesson: 'レッスン',
    minutes: '分',
    demo: 'ライブで見せること',
    lab: 'ラボ',
    break: '休憩',
    lunch: '昼食',
    'wrap-up': 'まとめと質疑',
    total: (minutes: number, ends: string, length: number) =>
      `合計 ${String(minutes)} 分、${ends} に終了（余裕 ${String(length - minutes)} 分）。`,
    hints: '受講者が開けるヒント',
    mistakes: 'チェッカーが見分ける間違いと、その返答（英語）',
    accepted: (n: number) =>
      `labs/<id>/solution/ のほかに、別の書き方の正解 ${String(n)} 通りも合格になります。`,
    mistake: '受講者がしたこと（英語）',
    says: 'チェッカーの返答（メッセージの一部）',
  },
} as const satisfies Record<Locale, unknown>;

/** The page's locale, English for anything else. */
export const instructorLocale = (lang: string | undefined): Locale => (lang === 'ja' ? 'ja' : 'en');
