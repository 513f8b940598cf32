import type { ReactNode } from 'react';

/** A column heading: its text (or markup), and whether the column holds numbers (right-aligned). */
export interface Column {
  label: ReactNode;
  num?: boolean;
}

/** A numeric (right-aligned) column. */
export const num = (label: ReactNode): Column => ({ label, num: true });

/** A column for row actions: its heading is for screen readers only. */
export const ACTIONS: Column = { label: <span className="sr-only">Actions</span> };

/**
 * The scrolling table every list page shows: column headings, then the page's own rows. Columns given as `false`
 * (e.g. `showCustomer && 'Customer'`) are left out; `foot` holds the rows of a totals footer.
 */
export function DataTable({ label, columns, className, testId, foot, children }: {
  label?: string;
  columns: (Column | string | false)[];
  className?: string;
  testId?: string;
  foot?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className={className ? `table ${className}` : 'table'} aria-label={label} data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c, i) => {
              if (c === false) return null;
              const col = typeof c === 'string' ? { label: c } : c;
              return <th key={i} scope="col" className={col.num ? 'num' : undefined}>{col.label}</th>;
            })}
          </tr>
        </thead>
        <tbody>{children}</tbody>
        {foot !== undefined && <tfoot>{foot}</tfoot>}
      </table>
    </div>
  );
}
