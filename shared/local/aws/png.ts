import { crc32, deflateSync } from 'node:zlib';

/**
 * A real PNG (8-bit RGB, no interlace) from a pixel function: enough to stand in for a CloudWatch
 * graph in tests and demos, and small, because flat colours compress to almost nothing.
 */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => number): Buffer {
  const row = width * 3 + 1;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y += 1) {
    raw[y * row] = 0; // filter type None
    for (let x = 0; x < width; x += 1) {
      const rgb = pixel(x, y);
      const at = y * row + 1 + x * 3;
      raw[at] = (rgb >> 16) & 0xff;
      raw[at + 1] = (rgb >> 8) & 0xff;
      raw[at + 2] = rgb & 0xff;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, deflate, filter 0, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed) >>> 0, 0);
  return Buffer.concat([length, typed, crc]);
}

/** A bar chart with a red threshold line: bar heights come from `seed` so each widget looks different. */
export function barChartPng(width: number, height: number, seed: string): Buffer {
  const bars = 24;
  const heights = Array.from({ length: bars }, (_, i) => {
    const code = seed.charCodeAt(i % Math.max(1, seed.length)) || 7;
    return i >= bars - 6 ? 0.55 + ((code * (i + 3)) % 40) / 100 : ((code * (i + 1)) % 25) / 100;
  });
  const threshold = Math.floor(height * 0.5);
  return encodePng(width, height, (x, y) => {
    if (y === threshold) return 0xd62728;
    const bar = Math.floor((x / width) * bars);
    const inBar = (x / width) * bars - bar < 0.8;
    const top = height - Math.floor((heights[bar] ?? 0) * height);
    if (inBar && y >= top) return bar >= bars - 6 ? 0xd62728 : 0x1f77b4;
    return 0xffffff;
  });
}
