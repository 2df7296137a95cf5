/** Columns × rows that give `count` 16:9 tiles the largest size inside a `width` × `height` area. */
export function gridFit(count: number, width: number, height: number, gap = 8): { columns: number; rows: number; tileWidth: number; tileHeight: number } {
  const n = Math.max(1, count);
  let best = { columns: 1, rows: n, tileWidth: 0, tileHeight: 0 };
  for (let columns = 1; columns <= n; columns++) {
    const rows = Math.ceil(n / columns);
    const cellW = (width - gap * (columns - 1)) / columns;
    const cellH = (height - gap * (rows - 1)) / rows;
    const tileWidth = Math.max(0, Math.min(cellW, (cellH * 16) / 9));
    if (tileWidth > best.tileWidth) best = { columns, rows, tileWidth, tileHeight: (tileWidth * 9) / 16 };
  }
  return best;
}
