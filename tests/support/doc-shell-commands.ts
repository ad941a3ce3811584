/**
 * The kinds of shell command the lessons and lab READMEs show besides curl (whose every line
 * tests/stack/doc-commands.test.ts runs): each kind is either run as written by that test
 * (`runHere`), run by another named part of the README's test command (`ranBy`), or
 * illustrative, with the reason it cannot run there. A kind also says what must exist for
 * its commands to work (a lab, a profile, the pinned version in a path).
 */
import { manifest } from '../../labs/manifest.ts';
import { loadVersions } from '../../scripts/stack/index.ts';
import { profileNames } from '../../stack/services.ts';

export interface CommandKind {
  readonly name: string;
  readonly form: RegExp;
  /** How a test covers it. */
  readonly coverage:
    { readonly runHere: true } | { readonly ranBy: string } | { readonly illustrative: string };
  /** What is wrong with one command of the kind (a lab that does not exist), or undefined. */
  readonly problem?: (match: RegExpExecArray) => string | undefined;
}

const labIds = new Set(manifest.map((l) => l.id));

export const commandKinds: readonly CommandKind[] = [
  {
    name: 'a lab verb',
    form: /^npm run lab -- (start|check|watch) (\S+)$/,
    coverage: {
      ranBy:
        'npm run test:labs: the dev-check starts every lab from start/ and solution/ and runs its checker (scripts/lab/dev-check.ts)',
    },
    problem: (m) => (labIds.has(m[2] ?? '') ? undefined : `no lab ${m[2] ?? ''} in labs/manifest.ts`),
  },
  {
    name: 'a stack command that changes nothing',
    form: /^npm run stack -- (status|doctor|convert)$/,
    coverage: { runHere: true },
  },
  {
    name: 'dashboards, checked',
    form: /^npm run dashboards -- --check$/,
    coverage: { runHere: true },
  },
  {
    name: 'dashboards, written',
    form: /^npm run dashboards$/,
    coverage: {
      illustrative:
        'it rewrites the provisioned JSON in the repository; `npm run dashboards -- --check`, run here, proves that JSON is what the programs build',
    },
  },
  {
    name: 'a Docker-only profile',
    form: /^npm run stack -- up --mode docker --profile (\S+)$/,
    coverage: {
      illustrative:
        "Loki's and k6's official images cannot be pulled in CI; npm run test:docker starts the stack with `up --mode docker` from locally built stand-ins",
    },
    problem: (m) =>
      (profileNames as readonly string[]).includes(m[1] ?? '') ? undefined : `no profile ${m[1] ?? ''}`,
  },
  {
    name: 'stopping the stack',
    form: /^npm run stack -- down$/,
    coverage: { ranBy: 'the stack tests, which end with the same stackDown (tests/support/stack.ts)' },
  },
  {
    name: 'the classroom gateway on the classroom network',
    form: /^npm run classroom -- start --listen 0\.0\.0\.0:\d+$/,
    coverage: {
      illustrative:
        'it listens on every interface for a classroom; tests/stack/classroom.test.ts starts the same gateway on 127.0.0.1',
    },
  },
  {
    name: 'the learner pre-flight',
    form: /^scripts\/workshop preflight$/,
    coverage: { ranBy: 'scripts/workshop test, whose last step is the pre-flight (scripts/test-all.ts)' },
  },
  {
    name: 'the workshop itself',
    form: /^scripts\/workshop start$/,
    coverage: {
      illustrative: 'it serves the workshop until stopped; CI runs its sibling, scripts/workshop test',
    },
  },
  {
    name: 'alloy convert, as upstream documents it',
    form: /^alloy convert --source-format=prometheus /,
    coverage: {
      illustrative:
        'the binary on PATH, as Alloy documents it; `npm run stack -- convert`, run here, runs the same conversion with these flags',
    },
  },
  {
    name: "alloy convert on lab 06's workspace",
    form: /^\.stack\/bin\/alloy\/(v[^/]+)\/alloy convert --source-format=prometheus .*workspace\/06-alloy-convert\//,
    coverage: {
      illustrative:
        "it needs lab 06's workspace; the lab's checker runs alloy convert on it (labs/06-alloy-convert/check.ts)",
    },
    problem: (m) => {
      const version = loadVersions().ALLOY_VERSION;
      return m[1] === version ? undefined : `the path names Alloy ${m[1] ?? ''}, not the pinned ${version}`;
    },
  },
];

/** The kind of a command, with its match, or undefined. */
export function kindOf(command: string): { kind: CommandKind; match: RegExpExecArray } | undefined {
  for (const kind of commandKinds) {
    const match = kind.form.exec(command);
    if (match) return { kind, match };
  }
  return undefined;
}
