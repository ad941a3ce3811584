import { PanelPlugin, VizOrientation, getDisplayValueAlignmentFactors, type PanelProps } from '@grafana/data';
import {
  BigValue,
  BigValueGraphMode,
  BigValueJustifyMode,
  BigValueTextMode,
  VizRepeater,
  useTheme2,
} from '@grafana/ui';
import { testIds } from '../constants.ts';
import { hasNumbers, useFieldDisplays, valueAttributes } from './field-displays.ts';
import { NoData } from './no-data.tsx';
import { statDefaults, type StatOptions } from './options.ts';

/** The stat panel: @grafana/ui's BigValue per series, repeated in a grid, as Grafana's stat panel. */

function StatPanel(props: PanelProps<StatOptions>) {
  const theme = useTheme2();
  const options = { ...statDefaults, ...props.options };
  const values = useFieldDisplays(props, options.graphMode !== BigValueGraphMode.None);
  if (!hasNumbers(props)) return <NoData data={props.data} />;
  return (
    <div data-testid={testIds.statValue} {...valueAttributes(values[0])}>
      <VizRepeater
        source={props.data}
        getValues={() => values}
        getAlignmentFactors={getDisplayValueAlignmentFactors}
        renderCounter={props.renderCounter}
        orientation={VizOrientation.Auto}
        autoGrid={true}
        width={props.width}
        height={props.height}
        itemSpacing={4}
        renderValue={({ value, width, height, alignmentFactors, count }) => (
          <BigValue
            value={value.display}
            {...(value.sparkline === undefined ? {} : { sparkline: value.sparkline })}
            colorMode={options.colorMode}
            graphMode={options.graphMode}
            justifyMode={BigValueJustifyMode.Auto}
            textMode={count > 1 ? BigValueTextMode.ValueAndName : BigValueTextMode.Value}
            alignmentFactors={alignmentFactors}
            count={count}
            width={width}
            height={height}
            theme={theme}
          />
        )}
      />
    </div>
  );
}

export const plugin = new PanelPlugin<StatOptions>(StatPanel).useFieldConfig();
