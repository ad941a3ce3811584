/**
 * The lab panel's words. They are translated per locale in site/content/i18n/<locale>.json under
 * "lab.<name>" (checked by site/content.config.ts), like every other UI string of the site.
 */
export const labStringNames = [
  'lab',
  'steps',
  'begin',
  'check',
  'checking',
  'hint',
  'hints',
  'done',
  'notStarted',
  'failing',
  'started',
  'unreachable',
  'noscript',
] as const;

export type LabStringName = (typeof labStringNames)[number];
export type LabStringKey = `lab.${LabStringName}`;
export const labStringKeys: readonly LabStringKey[] = labStringNames.map((name) => `lab.${name}` as const);

/** The panel's strings by short name, looked up with the page's translator. */
export type LabStrings = Readonly<Record<LabStringName, string>>;

export function labStrings(t: (key: LabStringKey) => string): LabStrings {
  return Object.fromEntries(labStringNames.map((name) => [name, t(`lab.${name}`)])) as Record<
    LabStringName,
    string
  >;
}
