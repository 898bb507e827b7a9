import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button } from '../ui/Button';

/** Below an admin list: "Show more" while the API has another page, or how many rows are shown. */
export function ListFooter<Page>({
  query,
  shown,
}: {
  query: UseInfiniteQueryResult<InfiniteData<Page>>;
  shown: number;
}) {
  const { t } = useTranslation();
  return (
    <div className="list-footer">
      <span className="field-hint">{t('admin.list.shown', { count: shown })}</span>
      {query.hasNextPage && (
        <Button pending={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {t('admin.list.more')}
        </Button>
      )}
    </div>
  );
}
