import { useMemo } from 'react';
import { FieldType, PanelPlugin, type DataFrame, type PanelProps } from '@grafana/data';
import { Table } from '@grafana/ui';
import { NoData } from './no-data.tsx';

/**
 * The table panel: @grafana/ui's Table over the query's table frame (one column per label, then
 * the value). A Time column whose values are all equal, as in an instant query, says nothing
 * and is left out.
 */

function withoutConstantTime(frame: DataFrame): DataFrame {
  const fields = frame.fields.filter(
    (f) => f.type !== FieldType.time || new Set(f.values as unknown[]).size > 1,
  );
  return { ...frame, fields };
}

function TablePanel({
  data,
  width,
  height,
  timeRange,
  fieldConfig,
  replaceVariables,
  title,
}: PanelProps<object>) {
  const first = data.series.find((frame) => frame.length > 0);
  const frame = useMemo(() => (first === undefined ? undefined : withoutConstantTime(first)), [first]);
  if (frame === undefined) return <NoData data={data} />;
  return (
    <Table
      data={frame}
      width={width}
      height={height}
      timeRange={timeRange}
      fieldConfig={fieldConfig}
      replaceVariables={replaceVariables}
      ariaLabel={title}
      resizable={false}
    />
  );
}

export const plugin = new PanelPlugin(TablePanel).useFieldConfig();
