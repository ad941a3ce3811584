import {
  PanelPlugin,
  VizOrientation,
  formattedValueToString,
  type FieldDisplay,
  type PanelProps,
} from '@grafana/data';
import { VizRepeater, useTheme2 } from '@grafana/ui';
import { testIds } from '../constants.ts';
import { themeColors } from '../strict-types.ts';
import { hasNumbers, useFieldDisplays, valueAttributes } from './field-displays.ts';
import { NoData } from './no-data.tsx';

/**
 * The gauge panel. @grafana/ui 13 ships no gauge component (its RadialGauge is typed but not
 * built into the package), so this draws an SVG arc from Grafana's own display values: the
 * value's threshold colour, and the threshold steps as a thin outer ring.
 */

/** The arc runs from -120° to +120°, measured clockwise from 12 o'clock. */
const sweep = { from: -120, to: 120 };

function point(r: number, degrees: number): [number, number] {
  const rad = ((degrees - 90) * Math.PI) / 180;
  return [r * Math.cos(rad), r * Math.sin(rad)];
}

function arcPath(r: number, from: number, to: number): string {
  const [x1, y1] = point(r, from);
  const [x2, y2] = point(r, to);
  return `M ${x1} ${y1} A ${r} ${r} 0 ${to - from > 180 ? 1 : 0} 1 ${x2} ${y2}`;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

interface GaugeProps {
  value: FieldDisplay;
  width: number;
  height: number;
  showTitle: boolean;
}

function Gauge({ value, width, height, showTitle }: GaugeProps) {
  const theme = useTheme2();
  const min = value.field.min ?? 0;
  const max = value.field.max ?? 100;
  const angle = (x: number) => sweep.from + clamp01((x - min) / (max - min || 1)) * (sweep.to - sweep.from);
  const r = Math.max(10, Math.min(width / 2, height / 1.6) - 12);
  const steps = value.field.thresholds?.steps ?? [];
  const text = formattedValueToString(value.display);
  return (
    <div
      role="meter"
      aria-label={value.display.title ?? value.name}
      aria-valuemin={min}
      aria-valuemax={max}
      aria-valuenow={value.display.numeric}
      aria-valuetext={text}
      data-testid={testIds.gaugeValue}
      {...valueAttributes(value)}
    >
      <svg width={width} height={height} viewBox={`${-width / 2} ${-r - 10} ${width} ${height}`}>
        <path
          d={arcPath(r * 0.85, sweep.from, sweep.to)}
          fill="none"
          stroke={themeColors(theme).background.secondary}
          strokeWidth={r * 0.2}
        />
        <path
          d={arcPath(r * 0.85, sweep.from, angle(value.display.numeric))}
          fill="none"
          stroke={value.display.color}
          strokeWidth={r * 0.2}
        />
        {steps.map((step, i) => (
          <path
            key={step.value}
            d={arcPath(r, angle(step.value), angle(steps[i + 1]?.value ?? max))}
            fill="none"
            stroke={theme.visualization.getColorByName(step.color)}
            strokeWidth={r * 0.05}
          />
        ))}
        <text
          y={r * 0.12}
          textAnchor="middle"
          fill={value.display.color}
          fontSize={r * 0.34}
          fontWeight={500}
        >
          {text}
        </text>
        {showTitle && (
          <text
            y={r * 0.6}
            textAnchor="middle"
            fill={themeColors(theme).text.secondary}
            fontSize={Math.max(11, r * 0.14)}
          >
            {value.display.title}
          </text>
        )}
      </svg>
    </div>
  );
}

function GaugePanel(props: PanelProps<object>) {
  const values = useFieldDisplays(props, false);
  if (!hasNumbers(props)) return <NoData data={props.data} />;
  return (
    <VizRepeater
      source={props.data}
      getValues={() => values}
      renderCounter={props.renderCounter}
      orientation={VizOrientation.Auto}
      width={props.width}
      height={props.height}
      itemSpacing={8}
      renderValue={({ value, width, height, count }) => (
        <Gauge value={value} width={width} height={height} showTitle={count > 1} />
      )}
    />
  );
}

export const plugin = new PanelPlugin(GaugePanel).useFieldConfig();
