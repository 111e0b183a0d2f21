// Builds the site into dist/: the pages, the stylesheet, the bundled script (ES modules, the map's code and
// Leaflet in their own chunk loaded only by the pages with a map, each language's UI strings in a chunk of their
// own loaded by the pages in that language), Leaflet's CSS and images, openapi.json.
// The pages' shared parts are written once in src/partials/NAME.html; a line `<!-- NAME -->` in a page is
// replaced by that file (header: the skip link and the site header; footer: the site footer).
// `node build.mjs --watch` rebuilds on change (the pages and partials too).
import * as esbuild from "esbuild";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, watch as watchDir, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
const out = join(root, "dist");
const watch = process.argv.includes("--watch");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const partialsDir = join(root, "src/partials");

/** A page with its `<!-- NAME ARG… -->` lines replaced by src/partials/NAME.html, where `{{1}}`, `{{2}}`, … stand for
 * the arguments (a name without a partial, or a partial's argument not given, is an error). */
function renderPage(page, html, partials) {
  // A partial may hold markers of its own (the body's start holds the header): expanded until none is left.
  for (let pass = 0; pass < 3 && /^[ \t]*<!-- [a-z-]+(?: [\w-]+)* -->$/m.test(html); pass++) html = renderOnce(page, html, partials);
  return html;
}

function renderOnce(page, html, partials) {
  return html.replace(/^[ \t]*<!-- ([a-z-]+)((?: [\w-]+)*) -->\n/gm, (line, name, args) => {
    if (!partials.has(name)) throw new Error(`${page}: no src/partials/${name}.html for <!-- ${name} -->`);
    const values = args.trim() ? args.trim().split(" ") : [];
    return partials.get(name).replace(/\{\{(\d+)\}\}/g, (_, n) => {
      const value = values[Number(n) - 1];
      if (value === undefined) throw new Error(`${page}: <!-- ${name} --> needs argument ${n}`);
      return value;
    });
  });
}

function readPartials() {
  const partials = new Map();
  for (const name of readdirSync(partialsDir)) {
    if (name.endsWith(".html")) partials.set(name.slice(0, -5), readFileSync(join(partialsDir, name), "utf8"));
  }
  return partials;
}

function copyStatic() {
  const partials = readPartials();
  for (const name of readdirSync(root)) {
    if (name.endsWith(".html")) writeFileSync(join(out, name), renderPage(name, readFileSync(join(root, name), "utf8"), partials));
    else if (name === "style.css" || name === "openapi.json" || name === "favicon.svg") cpSync(join(root, name), join(out, name));
  }
}
copyStatic();

const options = {
  absWorkingDir: root,
  entryPoints: { app: "src/main.ts", map: "src/map.css" },
  outdir: out,
  bundle: true,
  format: "esm",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  assetNames: "assets/[name]-[hash]",
  loader: { ".png": "file", ".svg": "file", ".geojson": "json" },
  // Map tiles: any {z}/{x}/{y} template (its host must be in the CSP's img-src); empty for none.
  define: {
    __TILE_URL__: JSON.stringify(process.env.SITE_TILE_URL ?? "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    __TILE_ATTRIBUTION__: JSON.stringify(process.env.SITE_TILE_ATTRIBUTION ??
      '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'),
  },
  target: ["es2020", "chrome90", "firefox90", "safari14"],
  // The texts as UTF-8, not \u escapes (the pages and the server say charset=utf-8); the strings of each language
  // are a chunk of their own (src/strings/*.ts, imported by i18n.ts on demand).
  charset: "utf8",
  minify: !watch,
  sourcemap: true,
  legalComments: "linked",
  logLevel: "info",
};

if (watch) {
  const ctx = await esbuild.context({
    ...options,
    plugins: [{ name: "static", setup(b) { b.onEnd(() => { try { copyStatic(); } catch (e) { console.error(e); } }); } }],
  });
  await ctx.watch();
  // esbuild watches only the script's imports: the pages, partials and static files are watched here.
  let pending = null;
  const recopy = (event, file) => {
    if (file && !/\.(html|css|svg|json)$/.test(file)) return;
    clearTimeout(pending);
    pending = setTimeout(() => {
      try { copyStatic(); console.log("pages and static files copied"); } catch (e) { console.error(e); }
    }, 50);
  };
  watchDir(root, recopy);
  watchDir(partialsDir, recopy);
} else {
  await esbuild.build(options);
}
