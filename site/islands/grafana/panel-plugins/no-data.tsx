import { css } from '@emotion/css';
import type { GrafanaTheme2, PanelData } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { themeColors } from '../strict-types.ts';

/** What a panel draws without numbers: "No data", plus the API's notices, which say why. */
export function NoData({ data }: { data: PanelData }) {
  const styles = useStyles2(getStyles);
  const notices = data.series.flatMap((frame) => frame.meta?.notices ?? []);
  return (
    <div className={styles.wrapper}>
      <span>No data</span>
      {notices.map((notice) => (
        <span key={notice.text} className={styles.notice}>
          {notice.text}
        </span>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: theme.spacing(1),
    height: '100%',
    padding: theme.spacing(1),
    color: themeColors(theme).text.secondary,
    textAlign: 'center',
  }),
  notice: css({ fontSize: theme.typography.bodySmall.fontSize, maxWidth: '60ch' }),
});
