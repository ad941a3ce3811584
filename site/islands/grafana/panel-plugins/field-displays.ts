import {
  FieldType,
  formattedValueToString,
  getFieldDisplayValues,
  type FieldDisplay,
  type PanelProps,
} from '@grafana/data';
import { useTheme2 } from '@grafana/ui';

/**
 * The reduced values stat, gauge and bar gauge panels show: the last value of each series, with
 * unit, decimals and threshold colour applied, as Grafana's single-value panels compute them.
 */
export function useFieldDisplays<T>(props: PanelProps<T>, sparkline: boolean): FieldDisplay[] {
  const theme = useTheme2();
  return getFieldDisplayValues({
    data: props.data.series,
    reduceOptions: { calcs: ['lastNotNull'], values: false },
    fieldConfig: props.fieldConfig,
    replaceVariables: props.replaceVariables,
    sparkline,
    theme,
    timeZone: props.timeZone,
  });
}

/** True when there is at least one number to show, rather than Grafana's "No data" placeholder. */
export function hasNumbers<T>(props: PanelProps<T>): boolean {
  return props.data.series.some(
    (frame) => frame.length > 0 && frame.fields.some((f) => f.type === FieldType.number),
  );
}

/** Data attributes exposing a displayed value to tests: the number and the text a reader sees. */
export function valueAttributes(display: FieldDisplay | undefined): Record<string, string> {
  if (display === undefined) return {};
  return {
    'data-value': String(display.display.numeric),
    'data-text': formattedValueToString(display.display),
  };
}
