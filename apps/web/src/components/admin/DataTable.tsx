import type { ReactNode } from 'react';

export interface Column<Row> {
  /** Stable key; also the class `col-<key>` for widths. */
  key: string;
  header: string;
  cell: (row: Row) => ReactNode;
}

interface DataTableProps<Row> {
  /** Names the table for assistive technology (a caption, visually hidden). */
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
}

/**
 * The admin pages' table. A real <table> on tablet and desktop; on a phone the
 * stylesheet lays each row out as a card whose cells carry their column's name
 * (`data-label`), so nothing scrolls sideways and every value keeps its label.
 */
export function DataTable<Row>({ caption, columns, rows, rowKey }: DataTableProps<Row>) {
  return (
    <div className="data-table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={`col-${column.key}`}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.key} className={`col-${column.key}`} data-label={column.header}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
