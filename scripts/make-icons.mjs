// Draws the app icon (build/icon.png, 512×512) and the tray icons (build/tray/<state>.png,
// 16×16, and @2x 32×32) with Node alone: shapes by signed distance, 4×4 supersampling, and a
// minimal PNG encoder (zlib + CRC-32). Run: node scripts/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const OUT = new URL('../build/', import.meta.url);
const SAMPLES = 4;

// ── PNG ────────────────────────────────────────────────────────────────────────
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** RGBA pixels (Uint8Array, row-major) → PNG bytes. */
function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit, RGBA, deflate, no filter method variants, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) rows.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ── Drawing ───────────────────────────────────────────────────────────────────
/** Layers are painted in order; each is { inside(x, y) → boolean, color(x, y) → [r, g, b, a] } in unit coordinates. */
function render(size, layers) {
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy += 1) {
        for (let sx = 0; sx < SAMPLES; sx += 1) {
          const x = (px + (sx + 0.5) / SAMPLES) / size;
          const y = (py + (sy + 0.5) / SAMPLES) / size;
          let pixel = [0, 0, 0, 0];
          for (const layer of layers) if (layer.inside(x, y)) pixel = over(layer.color(x, y), pixel);
          r += pixel[0] * pixel[3];
          g += pixel[1] * pixel[3];
          b += pixel[2] * pixel[3];
          a += pixel[3];
        }
      }
      const i = (py * size + px) * 4;
      const n = SAMPLES * SAMPLES;
      rgba[i] = a ? Math.round(r / a) : 0;
      rgba[i + 1] = a ? Math.round(g / a) : 0;
      rgba[i + 2] = a ? Math.round(b / a) : 0;
      rgba[i + 3] = Math.round((a / n) * 255);
    }
  }
  return rgba;
}

/** Source-over of straight-alpha colours (alpha 0–1). */
function over([sr, sg, sb, sa], [dr, dg, db, da]) {
  const a = sa + da * (1 - sa);
  if (a === 0) return [0, 0, 0, 0];
  const mix = (s, d) => (s * sa + d * da * (1 - sa)) / a;
  return [mix(sr, dr), mix(sg, dg), mix(sb, db), a];
}

function hex(color, alpha = 1) {
  const n = Number.parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, alpha];
}

function roundedSquare(inset, radius) {
  return (x, y) => {
    const dx = Math.max(Math.abs(x - 0.5) - (0.5 - inset - radius), 0);
    const dy = Math.max(Math.abs(y - 0.5) - (0.5 - inset - radius), 0);
    return dx * dx + dy * dy <= radius * radius;
  };
}

function ellipse(cx, cy, rx, ry, degrees) {
  const t = (degrees * Math.PI) / 180;
  return (x, y) => {
    const u = (x - cx) * Math.cos(t) + (y - cy) * Math.sin(t);
    const v = -(x - cx) * Math.sin(t) + (y - cy) * Math.cos(t);
    return (u / rx) ** 2 + (v / ry) ** 2 <= 1;
  };
}

const circle = (cx, cy, r) => ellipse(cx, cy, r, r, 0);
const both = (a, b) => (x, y) => a(x, y) && b(x, y);
const solid = (color) => () => color;

// The mark: two paired lobes (the thalami) and the relay point where they meet.
function mark(scale) {
  const left = ellipse(0.5 - 0.115 * scale, 0.52, 0.16 * scale, 0.25 * scale, 14);
  const right = ellipse(0.5 + 0.115 * scale, 0.52, 0.16 * scale, 0.25 * scale, -14);
  return { left, right, overlap: both(left, right), relay: circle(0.5, 0.52, 0.055 * scale) };
}

function appIcon(size) {
  const { left, right, overlap, relay } = mark(1);
  const top = hex('#4338ca');
  const bottom = hex('#7c3aed');
  return render(size, [
    { inside: roundedSquare(0.04, 0.2), color: (_x, y) => top.map((c, i) => c + (bottom[i] - c) * y) },
    { inside: left, color: solid(hex('#e0e7ff', 0.9)) },
    { inside: right, color: solid(hex('#e0e7ff', 0.9)) },
    { inside: overlap, color: solid(hex('#c7d2fe')) },
    { inside: relay, color: solid(hex('#f59e0b')) },
  ]);
}

const TRAY_COLORS = { running: '#16a34a', 'needs-login': '#d97706', error: '#dc2626', stopped: '#6b7280' };

function trayIcon(size, color) {
  const { left, right, relay } = mark(1.55);
  return render(size, [
    { inside: left, color: solid(hex(color)) },
    { inside: right, color: solid(hex(color)) },
    { inside: relay, color: solid(hex('#ffffff')) },
  ]);
}

mkdirSync(new URL('tray/', OUT), { recursive: true });
writeFileSync(new URL('icon.png', OUT), encodePng(512, appIcon(512)));
for (const [state, color] of Object.entries(TRAY_COLORS)) {
  writeFileSync(new URL(`tray/${state}.png`, OUT), encodePng(16, trayIcon(16, color)));
  writeFileSync(new URL(`tray/${state}@2x.png`, OUT), encodePng(32, trayIcon(32, color)));
}
