/** Realistic wrong attempts, each the solution with one edit; the dev-check expects the quoted message. */
import type { Mistake } from '../kit/index.ts';

export const mistakes: readonly Mistake[] = [
  {
    name: 'job name with an underscore',
    file: 'scrape.yml',
    replace: ['job_name: gin-app', 'job_name: gin_app'],
    expect: 'did you name the job `gin_app`?',
  },
  {
    name: 'job named like the stack’s own',
    file: 'scrape.yml',
    replace: ['job_name: gin-app', 'job_name: app'],
    expect: 'job "app" already exists',
  },
  {
    name: 'misspelt key',
    file: 'scrape.yml',
    replace: ['static_configs:', 'static_config:'],
    expect: 'field static_config not found',
  },
  {
    name: 'team label forgotten',
    file: 'scrape.yml',
    replace: ['      - target_label: team\n        replacement: shop\n', ''],
    expect: 'label team is missing',
  },
];
