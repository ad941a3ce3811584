/** The lab panel's words, per site locale (English is the fallback). */
const en = {
  lab: 'Lab',
  steps: 'Steps',
  begin: 'Begin in your terminal:',
  check: 'Check my work',
  checking: 'Checking… (the checker waits for data, up to the bound it names)',
  hint: 'Show a hint',
  hints: 'Hints',
  done: 'Done: this lab passed.',
  notStarted: 'Not started yet.',
  failing: 'Last check failed.',
  started: 'Started.',
  unreachable: 'The lab checks run on the local workshop server (`npm start`); this page cannot reach it.',
  noscript: 'The lab panel needs JavaScript; `npm run lab -- check` works in the terminal.',
};

export type LabStrings = typeof en;

const ja: LabStrings = {
  lab: 'ラボ',
  steps: '手順',
  begin: 'ターミナルで開始:',
  check: '答え合わせ',
  checking: 'チェック中…（データの到着を、表示される上限まで待ちます）',
  hint: 'ヒントを見る',
  hints: 'ヒント',
  done: '完了: このラボは合格しています。',
  notStarted: 'まだ始めていません。',
  failing: '前回のチェックは不合格でした。',
  started: '開始済み。',
  unreachable:
    'ラボのチェックはローカルのワークショップサーバー（`npm start`）で動きます。このページからは接続できません。',
  noscript: 'ラボパネルには JavaScript が必要です。ターミナルでは `npm run lab -- check` が使えます。',
};

export const stringsFor = (locale: string | undefined): LabStrings => (locale === 'ja' ? ja : en);
