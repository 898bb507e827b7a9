import { useTranslation } from 'react-i18next';
import { formatPercent } from '../../../lib/units';

interface UsageBarProps {
  label: string;
  used: number;
  /** What there is in all; null when the host could not tell. */
  total: number | null;
  /** "3 of 8" in the unit of the thing measured. */
  text: string;
  /** Said under the bar when more is used than there is. */
  overNote?: string;
  /** False when `text` is a percentage already (the host's CPU). */
  showPercent?: boolean;
}

/**
 * One resource as "x of y", a percentage and a bar. More than 100% is possible (vCPUs are often
 * given out beyond the host's cores): the bar stays full and says so in words, not colour alone.
 */
export function UsageBar({ label, used, total, text, overNote, showPercent = true }: UsageBarProps) {
  const { i18n } = useTranslation();
  if (total === null) {
    return (
      <div className="usage">
        <div className="usage-head">
          <span className="usage-label">{label}</span>
          <span className="usage-value">{text}</span>
        </div>
      </div>
    );
  }
  const percent = formatPercent(used, total, i18n.language);
  const over = used > total;
  const width = total > 0 ? Math.min(100, (used / total) * 100) : 0;
  return (
    <div className={over ? 'usage usage-over' : 'usage'}>
      <div className="usage-head">
        <span className="usage-label">{label}</span>
        <span className="usage-value">
          {text}
          {showPercent && <span className="usage-percent"> ({percent})</span>}
        </span>
      </div>
      <div
        className="usage-bar"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={Math.min(used, total)}
        aria-valuetext={showPercent ? `${text} (${percent})` : text}
      >
        <span className="usage-fill" style={{ width: `${width}%` }} />
      </div>
      {over && overNote && <p className="usage-note">{overNote}</p>}
    </div>
  );
}
