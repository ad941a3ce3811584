/**
 * Lab 03's answers.yaml promises "any reasonable spelling": the forms each question accepts
 * (the name, plain words around it, a character or its name) and the ones it refuses.
 */
import { describe, expect, it } from 'vitest';
import { QUESTIONS } from '../../../labs/03-opentelemetry-metric/check.ts';
import { answerWords, judgeAnswer } from '../../../labs/kit/answers.ts';

const verdict = (key: string, value: unknown): string => {
  const question = QUESTIONS[key];
  if (!question) throw new Error(`no question ${key}`);
  return judgeAnswer(value, question).kind;
};

const accepted: Record<string, readonly unknown[]> = {
  counter_metric: [
    'shop_checkouts_total',
    'SHOP_CHECKOUTS_TOTAL',
    '`shop_checkouts_total`',
    'the shop_checkouts_total counter',
    'shop_checkouts_total{job="lab-03-checkout"}',
    'It is called shop_checkouts_total.',
    'The counter is called `shop_checkouts_total`.',
  ],
  histogram_count_metric: [
    'shop_checkout_duration_seconds_count',
    'the series shop_checkout_duration_seconds_count',
    '"shop_checkout_duration_seconds_count"',
  ],
  service_name_label: [
    'job',
    'Job',
    'the job label',
    'the `job` label.',
    'label job',
    'job="lab-03-checkout"',
    "it's job",
    ['job'],
  ],
  resource_attributes_metric: ['target_info', 'the target_info metric', 'target_info{}', 'Target_Info.'],
  dots_became: [
    '_',
    '"_"',
    'underscore',
    'underscores',
    'an underscore',
    'Underscores.',
    'under score',
    'low line',
    'dots became underscores',
    'they became underscores (_)',
    '_ (underscore)',
    'the underscore character',
  ],
};

const refused: Record<string, readonly unknown[]> = {
  counter_metric: ['shop_checkouts', 'shop.checkouts', 'shop_checkouts_total or shop_checkouts', 'counter'],
  histogram_count_metric: ['shop_checkout_duration_count', 'shop.checkout.duration', 'histogram'],
  service_name_label: [
    'instance',
    'job or instance',
    ['job', 'instance'],
    'service_name',
    'service.name',
    'label',
    'job instance',
  ],
  resource_attributes_metric: ['target info', 'target-info', 'resource', 'job'],
  dots_became: [
    '-',
    'dash',
    'hyphens',
    '.',
    'dots',
    'dot',
    ':',
    'colon',
    'nothing',
    'underscores and dashes',
    0,
  ],
};

describe('lab 03 answers', () => {
  for (const [key, forms] of Object.entries(accepted))
    it.each(forms.map((f) => [f]))(`${key} accepts %j`, (form) => {
      expect(verdict(key, form)).toBe('right');
    });

  for (const [key, forms] of Object.entries(refused))
    it.each(forms.map((f) => [f]))(`${key} refuses %j`, (form) => {
      expect(verdict(key, form)).toBe('wrong');
    });

  it.each([['TODO'], ['todo'], [''], [null], ['  '], [[]], [{ label: 'job' }]])(
    '%j is still to do',
    (form) => {
      expect(verdict('service_name_label', form)).toBe('todo');
    },
  );
});

describe('answerWords', () => {
  it('reduces an answer to the words that matter', () => {
    expect(answerWords('The `job` label.')).toEqual(['job']);
    expect(answerWords('target_info{job="x", instance="y"}')).toEqual(['target_info']);
    expect(answerWords('underscores (_)')).toEqual(['_', '_']);
  });

  it('keeps a lone symbol as the answer', () => {
    expect(answerWords('.')).toEqual(['.']);
    expect(answerWords('=')).toEqual(['=']);
  });
});
