// Builds the site into dist/: the pages, the stylesheet, the bundled script (ES modules, the map's code and
// Leaflet in their own chunk loaded only by the pages with a map, each language's UI strings in a chunk of their
// own loaded by the pages in that language), Leaflet's CSS and images, openapi.json.
// The pages are made by pages.mjs: their shared parts are written once in src/partials/NAME.html (a line
// `<!-- NAME ARG… -->` in a page stands for one), their Bulgarian texts once in src/strings/bg.ts (the staff
// console's in src/strings/console.bg.ts).
// `node build.mjs --watch` rebuilds on change (the pages, partials and strings too).
import * as esbuild from "esbuild";
import { cpSync, mkdirSync, rmSync, watch as watchDir, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadStrings, partialsDir, renderPages, root } from "./pages.mjs";

const out = join(root, "dist");
const watch = process.argv.includes("--watch");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

async function copyStatic() {
  for (const [name, html] of renderPages(await loadStrings("bg"))) writeFileSync(join(out, name), html);
  for (const name of ["style.css", "openapi.json", "favicon.svg"]) cpSync(join(root, name), join(out, name));
}
await copyStatic();

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
    plugins: [{ name: "static", setup(b) { b.onEnd(() => copyStatic().catch((e) => console.error(e))); } }],
  });
  await ctx.watch();
  // esbuild watches only the script's imports: the pages, partials and static files are watched here.
  let pending = null;
  const recopy = (event, file) => {
    if (file && !/\.(html|css|svg|json)$/.test(file)) return;
    clearTimeout(pending);
    pending = setTimeout(() => {
      copyStatic().then(() => console.log("pages and static files copied"), (e) => console.error(e));
    }, 50);
  };
  watchDir(root, recopy);
  watchDir(partialsDir, recopy);
} else {
  await esbuild.build(options);
}
