import { useMemo, type ComponentProps } from 'react';
import {
  FieldType,
  PanelPlugin,
  formattedValueToString,
  type DataFrame,
  type PanelProps,
} from '@grafana/data';
import { GraphDrawStyle, GraphGradientMode, VisibilityMode, type VizTooltipOptions } from '@grafana/schema';
import {
  KeyboardPlugin,
  TimeSeries,
  TooltipPlugin2,
  VizTooltipContent,
  VizTooltipHeader,
  VizTooltipWrapper,
  getFieldDisplayItems,
} from '@grafana/ui';
import { NoData } from './no-data.tsx';
import { timeSeriesDefaults, type TimeSeriesOptions } from './options.ts';

/**
 * The time series panel: @grafana/ui's TimeSeries (uPlot) with Grafana's tooltip, the same
 * parts Grafana's own timeseries panel is built from (that panel lives in Grafana's app, not npm).
 */

/** Grafana's timeseries defaults for how a line looks; its field option editors would set these. */
const lineDefaults = {
  drawStyle: GraphDrawStyle.Line,
  lineWidth: 1,
  fillOpacity: 10,
  gradientMode: GraphGradientMode.Opacity,
  showPoints: VisibilityMode.Auto,
  spanNulls: false,
};

// TooltipHoverMode is a const enum @grafana/ui does not export: xAll (1) shows every series.
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- 1 is xAll's value
const hoverAllSeries = 1 as ComponentProps<typeof TooltipPlugin2>['hoverMode'];

/** Frames a graph can draw (a time field and a number), with the line defaults applied. */
function graphableFrames(frames: readonly DataFrame[]): DataFrame[] {
  return frames
    .filter(
      (f) =>
        f.fields.some((x) => x.type === FieldType.time) && f.fields.some((x) => x.type === FieldType.number),
    )
    .map((f) => ({
      ...f,
      fields: f.fields.map((field) =>
        field.type === FieldType.number
          ? {
              ...field,
              config: {
                ...field.config,
                custom: { ...lineDefaults, ...(field.config.custom as object | undefined) },
              },
            }
          : field,
      ),
    }));
}

interface TooltipProps {
  frame: DataFrame;
  dataIdxs: (number | null)[];
  seriesIdx: number | null;
  isPinned: boolean;
  options: VizTooltipOptions;
}

function Tooltip({ frame, dataIdxs, seriesIdx, isPinned, options }: TooltipProps) {
  const [xField] = frame.fields;
  const row = dataIdxs[0];
  if (xField === undefined || row == null) return null;
  const time = xField.display
    ? formattedValueToString(xField.display(xField.values[row]))
    : String(xField.values[row]);
  const items = getFieldDisplayItems(
    frame.fields,
    xField,
    dataIdxs,
    seriesIdx,
    options.mode,
    options.sort,
    (f) => f.type === FieldType.number,
  );
  return (
    <VizTooltipWrapper>
      <VizTooltipHeader item={{ label: '', value: time }} isPinned={isPinned} />
      <VizTooltipContent items={items} isPinned={isPinned} />
    </VizTooltipWrapper>
  );
}

function TimeSeriesPanel(props: PanelProps<TimeSeriesOptions>) {
  const { data, timeRange, timeZone, width, height, onChangeTimeRange } = props;
  const options = { ...timeSeriesDefaults, ...props.options };
  const frames = useMemo(() => graphableFrames(data.series), [data.series]);
  if (frames.length === 0) return <NoData data={data} />;
  return (
    <TimeSeries
      frames={frames}
      structureRev={data.structureRev ?? 0}
      timeRange={timeRange}
      timeZone={timeZone}
      width={width}
      height={height}
      legend={options.legend}
      options={options}
    >
      {(config, alignedFrame) => (
        <>
          <KeyboardPlugin config={config} />
          <TooltipPlugin2
            config={config}
            hoverMode={hoverAllSeries}
            queryZoom={onChangeTimeRange}
            clientZoom={true}
            render={(_u, dataIdxs, seriesIdx, isPinned) => (
              <Tooltip
                frame={alignedFrame}
                dataIdxs={dataIdxs}
                seriesIdx={seriesIdx}
                isPinned={isPinned}
                options={options.tooltip}
              />
            )}
          />
        </>
      )}
    </TimeSeries>
  );
}

export const plugin = new PanelPlugin<TimeSeriesOptions>(TimeSeriesPanel).useFieldConfig();
