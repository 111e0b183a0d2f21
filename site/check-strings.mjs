// Checks the UI strings before a build: every entry of the table has a Bulgarian and an English text, the English
// has no Cyrillic (but for the few that name Bulgarian on purpose), and every key the pages and their shared parts
// (src/partials) name (data-i18n…) and the scripts (t("…")) use exists. Dynamic keys (t("status." + id)) are the scripts' own business.
import * as esbuild from "esbuild";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
const { code } = await esbuild.transform(readFileSync(join(root, "src/strings.ts"), "utf8"), { loader: "ts", format: "esm" });
const { T } = await import("data:text/javascript;base64," + Buffer.from(code).toString("base64"));

const problems = [];
const CYRILLIC_ALLOWED_IN_EN = new Set(["lang.switch", "lang.switch.label"]);
for (const [key, value] of Object.entries(T)) {
  if (!Array.isArray(value) || value.length !== 2 || !value[0] || !value[1]) problems.push(`${key}: needs [Bulgarian, English]`);
  else if (/[\u0400-\u04FF]/.test(value[1]) && !/ЗДОИ/.test(value[1]) && !CYRILLIC_ALLOWED_IN_EN.has(key)) {
    problems.push(`${key}: Cyrillic in the English text`);
  }
}

const used = new Map();
function use(key, where) { if (!used.has(key)) used.set(key, where); }
for (const dir of ["", "src/partials"]) {
  for (const name of readdirSync(join(root, dir)).filter((n) => n.endsWith(".html"))) {
    const html = readFileSync(join(root, dir, name), "utf8");
    for (const m of html.matchAll(/data-i18n(?:-aria-label)?="([^"]+)"/g)) use(m[1], join(dir, name));
  }
}
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith(".ts") && entry.name !== "strings.ts") {
      const src = readFileSync(path, "utf8");
      for (const m of src.matchAll(/\bt\(\s*"([a-z0-9_.-]+)"/g)) if (!m[1].endsWith(".")) use(m[1], path.slice(root.length + 1));
    }
  }
}
walk(join(root, "src"));
for (const [key, where] of used) if (!(key in T)) problems.push(`${key}: used in ${where}, missing from src/strings.ts`);

if (problems.length) {
  console.error("UI strings:\n  " + problems.join("\n  "));
  process.exit(1);
}
console.log(`UI strings: ${Object.keys(T).length} entries in both languages; ${used.size} keys used by name, all present`);
