import { Fragment } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, useStyles2 } from '@grafana/ui';
import { fillPlaceholders } from '../../../lib/live/strings.ts';
import { testIds } from '../constants.ts';
import { themeColors } from '../strict-types.ts';
import { useStrings } from '../strings.tsx';

/**
 * Shown over a panel whose service does not answer: what to run, and that it will reconnect. A
 * service native mode does not run (stack/services.ts `native`) gets the Docker-mode command.
 */
export function StackDownNotice({
  service,
  dockerOnly,
  hint,
  onRetry,
}: {
  /** The service's name in a sentence. */
  service: string;
  /** The service runs in Docker mode only. */
  dockerOnly: boolean;
  /** The command that starts it. */
  hint: string;
  onRetry: () => void;
}) {
  const styles = useStyles2(getStyles);
  const strings = useStrings();
  const [title, start] = dockerOnly
    ? (['live.dockerOnly.title', 'live.dockerOnly.start'] as const)
    : (['live.stackDown.title', 'live.stackDown.start'] as const);
  return (
    <div className={styles.overlay} role="status" data-testid={testIds.stackDown}>
      <div className={styles.box}>
        <strong>{fillPlaceholders(strings[title], { service }).join('')}</strong>
        <span>
          {fillPlaceholders(strings[start], {
            workshop: <code className={styles.command}>scripts/workshop start</code>,
            stack: <code className={styles.command}>{hint}</code>,
            down: <code className={styles.command}>npm run stack -- down</code>,
          }).map((part, i) => (
            <Fragment key={i}>{part}</Fragment>
          ))}
        </span>
        <Button size="sm" variant="secondary" onClick={onRetry}>
          {strings['live.stackDown.retry']}
        </Button>
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  overlay: css({
    position: 'absolute',
    inset: 0,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    padding: theme.spacing(1),
    overflow: 'auto',
    background: themeColors(theme).background.canvas,
    borderRadius: theme.shape.radius.default,
    zIndex: 1,
  }),
  box: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    maxWidth: '60ch',
    fontSize: theme.typography.bodySmall.fontSize,
    textAlign: 'center',
    color: themeColors(theme).text.primary,
  }),
  command: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    padding: theme.spacing(0, 0.5),
    whiteSpace: 'nowrap',
    background: themeColors(theme).background.secondary,
    borderRadius: theme.shape.radius.default,
  }),
});
