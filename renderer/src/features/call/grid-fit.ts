/** How a grid of `count` tiles is laid out: its shape, the size of each tile and the width of the whole grid. */
export interface GridFit {
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
  /** Width of the grid: full rows span it, a shorter last row is centred inside it (no empty cell is drawn). */
  width: number;
}

/**
 * A shape that leaves cells empty (3 tiles in 2×2) only wins when its tiles are clearly larger: within this factor a
 * full shape (3×1) is preferred, as people read a complete row better than a gap.
 */
const EMPTY_CELL_PENALTY = 0.9;

/** Columns × rows that give `count` 16:9 tiles the largest size inside a `width` × `height` area. */
export function gridFit(count: number, width: number, height: number, gap = 8): GridFit {
  const n = Math.max(1, count);
  let best: GridFit = { columns: 1, rows: n, tileWidth: 0, tileHeight: 0, width: 0 };
  let bestScore = 0;
  for (let columns = 1; columns <= n; columns++) {
    const rows = Math.ceil(n / columns);
    const cellW = (width - gap * (columns - 1)) / columns;
    const cellH = (height - gap * (rows - 1)) / rows;
    // Whole pixels: a row of fractional widths may not fit its own width and wrap a tile early.
    const tileWidth = Math.max(0, Math.floor(Math.min(cellW, (cellH * 16) / 9)));
    const score = tileWidth * (columns * rows > n ? EMPTY_CELL_PENALTY : 1);
    if (score > bestScore) {
      bestScore = score;
      best = { columns, rows, tileWidth, tileHeight: (tileWidth * 9) / 16, width: columns * tileWidth + gap * (columns - 1) };
    }
  }
  return best;
}

/** Remote tiles a grid page never exceeds: a 5×5 gallery of others, as the big meeting apps show at most by default. */
export const MOST_REMOTE_TILES = 25;
/** Below this width (px) a tile's face and name tag stop being readable; the grid pages instead. */
export const SMALLEST_TILE_WIDTH = 160;
/** Remote tiles per page before the grid's size is known, and the fewest a page ever holds. */
export const FEWEST_REMOTE_TILES = 15;

/**
 * How many remote tiles one page of the grid holds in a `width` × `height` area (our own tile takes a cell too): as
 * many as fit at SMALLEST_TILE_WIDTH or wider, from FEWEST_REMOTE_TILES up to MOST_REMOTE_TILES — a big window shows a
 * 25-person meeting on one page, a small one pages it.
 */
export function remoteTilesPerPage(width: number, height: number): number {
  if (width <= 0 || height <= 0) return FEWEST_REMOTE_TILES;
  let fits = FEWEST_REMOTE_TILES;
  for (let remotes = FEWEST_REMOTE_TILES + 1; remotes <= MOST_REMOTE_TILES; remotes++) {
    if (gridFit(remotes + 1, width, height).tileWidth >= SMALLEST_TILE_WIDTH) fits = remotes;
  }
  return fits;
}
