// Tables on small screens: below 40rem (a phone) every table but a matrix turns into a
// stack of cards, one per row, each cell headed by its column's name (styles.ts,
// "Small screens"). The names come from the table's own <th>s, copied into the cells'
// `data-label` after each render, so a new table needs nothing of its own; a table
// that must keep its grid (a matrix that scrolls sideways) gets class="grid-table".

/** Labels every cell of every table in `root` with its column header's text. */
export function labelTableCells(root: ParentNode) {
  for (const table of root.querySelectorAll("table:not(.grid-table)")) {
    const headers = [...table.querySelectorAll(":scope > thead > tr > th")].map((th) => th.textContent?.trim() ?? "");
    if (headers.length === 0) continue;
    for (const row of table.querySelectorAll(":scope > tbody > tr")) {
      let column = 0;
      for (const cell of row.children) {
        const label = headers[column] ?? "";
        if (cell.getAttribute("data-label") !== label) cell.setAttribute("data-label", label);
        column += Number(cell.getAttribute("colspan") ?? 1);
      }
    }
  }
}
