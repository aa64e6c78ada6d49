/**
 * Writes app/favicon.ico from app/icon.svg: browsers and tools that ask for /favicon.ico
 * without reading the page's <link rel="icon"> (feeds, bookmarks, JSON responses) get the
 * same logo. The .ico holds PNG images (every current browser reads those), drawn on a
 * light disc so the dark logo stays visible on a dark tab strip.
 * Run after changing the logo: npx tsx scripts/make-favicon.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
// sharp is Next's own image library (installed with it), not a dependency of the app.
import sharp from 'sharp';

const root = resolve(import.meta.dirname, '..');
const svg = readFileSync(resolve(root, 'app/icon.svg'), 'utf8')
  // No media queries in a bitmap: the light-scheme colours, on a white disc.
  .replace(/<style>[\s\S]*?<\/style>/, '<style>g { color: #18181b; }</style>')
  .replace('<g ', '<circle cx="12" cy="12" r="12" fill="#ffffff" /><g ');
const sizes = [16, 32, 48];

const images = await Promise.all(sizes.map((size) => sharp(Buffer.from(svg), { density: (72 * size) / 24 }).resize(size, size).png().toBuffer()));

// ICONDIR (6 bytes), one ICONDIRENTRY (16 bytes) per image, then the PNGs.
const header = Buffer.alloc(6);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2);
header.writeUInt16LE(images.length, 4);
let offset = 6 + 16 * images.length;
const entries = images.map((png, i) => {
  const entry = Buffer.alloc(16);
  const size = sizes[i]!;
  entry.writeUInt8(size, 0);
  entry.writeUInt8(size, 1);
  entry.writeUInt16LE(1, 4); // colour planes
  entry.writeUInt16LE(32, 6); // bits per pixel
  entry.writeUInt32LE(png.length, 8);
  entry.writeUInt32LE(offset, 12);
  offset += png.length;
  return entry;
});
writeFileSync(resolve(root, 'app/favicon.ico'), Buffer.concat([header, ...entries, ...images]));
console.log(`app/favicon.ico: ${sizes.join(', ')} px`);
