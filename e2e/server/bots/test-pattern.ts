/**
 * A moving I420 test pattern: a colour background chosen from the bot's name, a white bar sweeping across, and the
 * name written in a 5x7 bitmap font, so every synthetic participant is visibly distinct on a tile.
 */

// 5x7 glyphs, one string per row, '#' = lit. Upper-case letters, digits and a little punctuation.
const GLYPHS: Record<string, readonly string[]> = {
  A: ['.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  B: ['####.', '#...#', '#...#', '####.', '#...#', '#...#', '####.'],
  C: ['.###.', '#...#', '#....', '#....', '#....', '#...#', '.###.'],
  D: ['####.', '#...#', '#...#', '#...#', '#...#', '#...#', '####.'],
  E: ['#####', '#....', '#....', '####.', '#....', '#....', '#####'],
  F: ['#####', '#....', '#....', '####.', '#....', '#....', '#....'],
  G: ['.###.', '#...#', '#....', '#.###', '#...#', '#...#', '.####'],
  H: ['#...#', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  I: ['.###.', '..#..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  J: ['..###', '...#.', '...#.', '...#.', '...#.', '#..#.', '.##..'],
  K: ['#...#', '#..#.', '#.#..', '##...', '#.#..', '#..#.', '#...#'],
  L: ['#....', '#....', '#....', '#....', '#....', '#....', '#####'],
  M: ['#...#', '##.##', '#.#.#', '#.#.#', '#...#', '#...#', '#...#'],
  N: ['#...#', '#...#', '##..#', '#.#.#', '#..##', '#...#', '#...#'],
  O: ['.###.', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  P: ['####.', '#...#', '#...#', '####.', '#....', '#....', '#....'],
  Q: ['.###.', '#...#', '#...#', '#...#', '#.#.#', '#..#.', '.##.#'],
  R: ['####.', '#...#', '#...#', '####.', '#.#..', '#..#.', '#...#'],
  S: ['.####', '#....', '#....', '.###.', '....#', '....#', '####.'],
  T: ['#####', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..'],
  U: ['#...#', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  V: ['#...#', '#...#', '#...#', '#...#', '#...#', '.#.#.', '..#..'],
  W: ['#...#', '#...#', '#...#', '#.#.#', '#.#.#', '#.#.#', '.#.#.'],
  X: ['#...#', '#...#', '.#.#.', '..#..', '.#.#.', '#...#', '#...#'],
  Y: ['#...#', '#...#', '.#.#.', '..#..', '..#..', '..#..', '..#..'],
  Z: ['#####', '....#', '...#.', '..#..', '.#...', '#....', '#####'],
  '0': ['.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.'],
  '1': ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  '2': ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'],
  '3': ['####.', '....#', '....#', '.###.', '....#', '....#', '####.'],
  '4': ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'],
  '5': ['#####', '#....', '####.', '....#', '....#', '#...#', '.###.'],
  '6': ['.###.', '#....', '#....', '####.', '#...#', '#...#', '.###.'],
  '7': ['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'],
  '8': ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'],
  '9': ['.###.', '#...#', '#...#', '.####', '....#', '....#', '.###.'],
  '-': ['.....', '.....', '.....', '#####', '.....', '.....', '.....'],
  '#': ['.#.#.', '.#.#.', '#####', '.#.#.', '#####', '.#.#.', '.#.#.'],
  ' ': ['.....', '.....', '.....', '.....', '.....', '.....', '.....'],
};

export interface TestPatternOptions {
  width: number;
  height: number;
  name: string;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Produces successive I420 frames (Y plane, then U and V at quarter size) into one reusable buffer. */
export class TestPattern {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
  private readonly text: string;
  private readonly u: number;
  private readonly v: number;
  private frame = 0;

  constructor(options: TestPatternOptions) {
    if (options.width % 2 !== 0 || options.height % 2 !== 0) throw new Error('I420 needs an even width and height');
    this.width = options.width;
    this.height = options.height;
    this.data = new Uint8Array((this.width * this.height * 3) / 2);
    this.text = options.name.toUpperCase().replace(/[^A-Z0-9# -]/g, ' ');
    const h = hash(options.name);
    this.u = 64 + (h & 0x7f);
    this.v = 64 + ((h >>> 8) & 0x7f);
  }

  /** Draw the next frame and return the buffer (valid until the next call). */
  next(): Uint8Array {
    const { width, height, data } = this;
    const ySize = width * height;
    const chroma = ySize / 4;
    data.fill(80, 0, ySize);
    data.fill(this.u, ySize, ySize + chroma);
    data.fill(this.v, ySize + chroma, ySize + 2 * chroma);
    // A bright bar sweeping left to right: motion makes encoders produce real delta frames.
    const barWidth = Math.max(4, Math.floor(width / 16));
    const barX = (this.frame * 4) % width;
    for (let y = 0; y < height; y += 1) {
      const row = y * width;
      for (let x = barX; x < Math.min(width, barX + barWidth); x += 1) data[row + x] = 235;
    }
    this.drawText(this.text, Math.max(1, Math.floor(width / 80)));
    this.drawText(String(this.frame % 1000).padStart(3, '0'), Math.max(1, Math.floor(width / 160)), height / 2);
    this.frame += 1;
    return data;
  }

  private drawText(text: string, scale: number, top = Math.floor(this.height / 8)): void {
    const { width, height, data } = this;
    const left = Math.floor(width / 16);
    for (let index = 0; index < text.length; index += 1) {
      const glyph = GLYPHS[text[index]!] ?? GLYPHS[' ']!;
      for (let gy = 0; gy < 7; gy += 1) {
        const row = glyph[gy]!;
        for (let gx = 0; gx < 5; gx += 1) {
          if (row[gx] !== '#') continue;
          for (let sy = 0; sy < scale; sy += 1) {
            const y = Math.floor(top) + gy * scale + sy;
            if (y >= height) continue;
            for (let sx = 0; sx < scale; sx += 1) {
              const x = left + (index * 6 + gx) * scale + sx;
              if (x < width) data[y * width + x] = 255;
            }
          }
        }
      }
    }
  }
}

/** 10 ms of a sine tone as 16-bit mono samples, phase-continuous across calls. */
export class ToneGenerator {
  readonly samples: Int16Array;
  private phase = 0;

  constructor(
    readonly sampleRate: number,
    private readonly frequency: number,
  ) {
    this.samples = new Int16Array(sampleRate / 100);
  }

  next(): Int16Array {
    const step = (2 * Math.PI * this.frequency) / this.sampleRate;
    for (let i = 0; i < this.samples.length; i += 1) {
      this.samples[i] = Math.round(Math.sin(this.phase) * 8000);
      this.phase += step;
    }
    this.phase %= 2 * Math.PI;
    return this.samples;
  }
}
