import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatCount } from '../../../lib/units';

export interface CountItem {
  key: string;
  label: ReactNode;
  count: number;
  /** The list this count is taken from, filtered to it. */
  to: string;
  /** Worth an operator's look when not zero (errors, members waiting for approval). */
  attention?: boolean;
}

/** Counts, each a link to the list of what it counts; zeros fade so the numbers that matter stand out. */
export function CountList({ items }: { items: CountItem[] }) {
  const { i18n } = useTranslation();
  return (
    <ul className="count-list">
      {items.map((item) => {
        const classes = ['count-link'];
        if (item.count === 0) classes.push('count-zero');
        else if (item.attention) classes.push('count-attention');
        return (
          <li key={item.key}>
            <Link to={item.to} className={classes.join(' ')}>
              <span className="count-label">{item.label}</span>
              <span className="count-value">{formatCount(item.count, i18n.language)}</span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
