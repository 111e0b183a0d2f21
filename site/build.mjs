// Builds the site into dist/: the pages, the stylesheet, the bundled script (ES modules, the map's code and
// Leaflet in their own chunk loaded only by the pages with a map), Leaflet's CSS and images, openapi.json.
// `node build.mjs --watch` rebuilds on change.
import * as esbuild from "esbuild";
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
const out = join(root, "dist");
const watch = process.argv.includes("--watch");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

function copyStatic() {
  for (const name of readdirSync(root)) {
    if (name.endsWith(".html") || name === "style.css" || name === "openapi.json" || name === "favicon.svg") cpSync(join(root, name), join(out, name));
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
  minify: !watch,
  sourcemap: true,
  legalComments: "linked",
  logLevel: "info",
};

if (watch) {
  const ctx = await esbuild.context({
    ...options,
    plugins: [{ name: "static", setup(b) { b.onEnd(copyStatic); } }],
  });
  await ctx.watch();
} else {
  await esbuild.build(options);
}
