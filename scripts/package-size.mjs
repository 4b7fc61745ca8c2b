#!/usr/bin/env node
/**
 * Prints the size of a WeChat mini-program build: the main package (everything not under a
 * subpackage root) and each subpackage, in KB. Exits non-zero when the main package reaches 1 MB:
 * WeChat refuses 2 MB, and we keep half of that as headroom (STYLE.md "Mini-program UI").
 *
 * Usage: node scripts/package-size.mjs <dist/weapp>
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const MAIN_LIMIT_BYTES = 1024 * 1024;
/** Files the WeChat upload leaves out of the package size. */
const IGNORED = [/\.map$/, /^project(\.private)?\.config\.json$/];

const dir = process.argv[2];
if (!dir || !existsSync(join(dir, 'app.json'))) {
  console.error(`usage: node scripts/package-size.mjs <weapp output folder with app.json> (got ${dir ?? 'nothing'})`);
  process.exit(2);
}

const app = JSON.parse(readFileSync(join(dir, 'app.json'), 'utf8'));
const subpackages = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/+$/, ''));

function* files(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = join(folder, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else yield full;
  }
}

const sizes = new Map([['main', 0], ...subpackages.map((root) => [root, 0])]);
for (const file of files(dir)) {
  const rel = relative(dir, file).split(sep).join('/');
  if (IGNORED.some((re) => re.test(rel))) continue;
  const owner = subpackages.find((root) => rel === root || rel.startsWith(`${root}/`)) ?? 'main';
  sizes.set(owner, sizes.get(owner) + statSync(file).size);
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const total = [...sizes.values()].reduce((a, b) => a + b, 0);
const width = Math.max(...[...sizes.keys()].map((k) => k.length), 'total'.length);
console.log(`Package sizes of ${dir}:`);
for (const [name, bytes] of sizes) console.log(`  ${name.padEnd(width)}  ${kb(bytes).padStart(10)}`);
console.log(`  ${'total'.padEnd(width)}  ${kb(total).padStart(10)}`);

const main = sizes.get('main');
if (main >= MAIN_LIMIT_BYTES) {
  console.error(`Main package is ${kb(main)}: it must stay under ${kb(MAIN_LIMIT_BYTES)}. Move pages or heavy imports into subpackages.`);
  process.exit(1);
}
console.log(`Main package ${kb(main)} is under the ${kb(MAIN_LIMIT_BYTES)} limit.`);
