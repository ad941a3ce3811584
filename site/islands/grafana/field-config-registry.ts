import {
  FieldType,
  ThresholdsMode,
  dataLinksOverrideProcessor,
  displayNameOverrideProcessor,
  identityOverrideProcessor,
  numberOverrideProcessor,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  valueMappingsOverrideProcessor,
  type FieldConfigPropertyItem,
} from '@grafana/data';

/**
 * The standard field options (unit, min, max, decimals, colour, thresholds...). Grafana's app
 * registers these at start-up with their editors; without them applyFieldOverrides drops every
 * such option, so all series turn grey and stat panels ignore thresholds. Lessons never edit a
 * panel, so each item has no editor: only its path, processor and default matter.
 */

function NoEditor(): null {
  return null;
}

// Grafana's own registry item type: option values are untyped until a panel reads them.
type Item = FieldConfigPropertyItem;

function option(
  id: string,
  process: Item['process'],
  shouldApply: Item['shouldApply'] = () => true,
  defaultValue?: unknown,
): Item {
  return { id, path: id, name: id, editor: NoEditor, override: NoEditor, process, shouldApply, defaultValue };
}

const numeric: Item['shouldApply'] = (field) => field.type === FieldType.number;

export function standardFieldConfigs(): Item[] {
  return [
    option('unit', stringOverrideProcessor),
    option('min', numberOverrideProcessor, numeric),
    option('max', numberOverrideProcessor, numeric),
    option('decimals', numberOverrideProcessor, numeric),
    option('displayName', displayNameOverrideProcessor),
    option('color', identityOverrideProcessor),
    option('noValue', stringOverrideProcessor),
    option('links', dataLinksOverrideProcessor),
    option('mappings', valueMappingsOverrideProcessor, (field) => field.type !== FieldType.time, []),
    // Grafana's own default thresholds: green, red from 80.
    option('thresholds', thresholdsOverrideProcessor, () => true, {
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 80, color: 'red' },
      ],
    }),
  ];
}
