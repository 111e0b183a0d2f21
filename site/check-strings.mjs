// Checks the UI strings before a build: src/strings/bg.ts and src/strings/en.ts have the same keys, every text is
// non-empty, the English has no Cyrillic (but for the few that name Bulgarian on purpose), and every key the pages
// and their shared parts (src/partials) name (data-i18n…) and the scripts (t("…")) use exists. Dynamic keys
// (t("problem." + status)) are the scripts' own business. The names of statuses and kinds are not here: they
// come from the catalogue answer (GET /api/catalogue).
import * as esbuild from "esbuild";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
async function load(name) {
  const { code } = await esbuild.transform(readFileSync(join(root, "src/strings", name + ".ts"), "utf8"), { loader: "ts", format: "esm" });
  return (await import("data:text/javascript;base64," + Buffer.from(code).toString("base64"))).STRINGS;
}
const languages = { bg: await load("bg"), en: await load("en") };

const problems = [];
const CYRILLIC_ALLOWED_IN_EN = new Set(["lang.switch", "lang.switch.label"]);
const keys = new Set([...Object.keys(languages.bg), ...Object.keys(languages.en)]);
for (const key of keys) {
  for (const [name, table] of Object.entries(languages)) {
    if (!(key in table)) problems.push(`${key}: missing from src/strings/${name}.ts`);
    else if (typeof table[key] !== "string" || !table[key]) problems.push(`${key}: empty in src/strings/${name}.ts`);
  }
  const en = languages.en[key];
  if (typeof en === "string" && /[\u0400-\u04FF]/.test(en) && !/ЗДОИ/.test(en) && !CYRILLIC_ALLOWED_IN_EN.has(key)) {
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
    if (entry.isDirectory()) { if (path !== join(root, "src/strings")) walk(path); }
    else if (entry.name.endsWith(".ts")) {
      const src = readFileSync(path, "utf8");
      for (const m of src.matchAll(/\bt\(\s*"([a-z0-9_.-]+)"/g)) if (!m[1].endsWith(".")) use(m[1], path.slice(root.length + 1));
    }
  }
}
walk(join(root, "src"));
for (const [key, where] of used) if (!keys.has(key)) problems.push(`${key}: used in ${where}, missing from src/strings/`);

if (problems.length) {
  console.error("UI strings:\n  " + problems.join("\n  "));
  process.exit(1);
}
console.log(`UI strings: ${keys.size} entries in both languages; ${used.size} keys used by name, all present`);
