import { PanelPlugin, VizOrientation, getDisplayValueAlignmentFactors, type PanelProps } from '@grafana/data';
import { BarGaugeDisplayMode, BarGaugeNamePlacement, BarGaugeValueMode } from '@grafana/schema';
import { BarGauge, VizRepeater, useTheme2 } from '@grafana/ui';
import { hasNumbers, useFieldDisplays } from './field-displays.ts';
import { NoData } from './no-data.tsx';

/** The bar gauge panel: one horizontal @grafana/ui BarGauge per series, e.g. requests per route. */

function BarGaugePanel(props: PanelProps<object>) {
  const theme = useTheme2();
  const values = useFieldDisplays(props, false);
  if (!hasNumbers(props)) return <NoData data={props.data} />;
  return (
    <VizRepeater
      source={props.data}
      getValues={() => values}
      getAlignmentFactors={getDisplayValueAlignmentFactors}
      renderCounter={props.renderCounter}
      orientation={VizOrientation.Horizontal}
      width={props.width}
      height={props.height}
      itemSpacing={6}
      renderValue={({ value, width, height, alignmentFactors }) => (
        <BarGauge
          value={value.display}
          field={value.field}
          width={width}
          height={height}
          orientation={VizOrientation.Horizontal}
          displayMode={BarGaugeDisplayMode.Gradient}
          valueDisplayMode={BarGaugeValueMode.Color}
          namePlacement={BarGaugeNamePlacement.Auto}
          showUnfilled={true}
          alignmentFactors={alignmentFactors}
          theme={theme}
        />
      )}
    />
  );
}

export const plugin = new PanelPlugin(BarGaugePanel).useFieldConfig();
