// Builds the front end into static/dist from the npm packages in node_modules.
// Run with `npm run build` after `npm ci`. Needs nothing but node, its fs, and `sass`;
// it works offline.
//
//   static/dist/app.css               static_src/scss/app.scss compiled (GOV.UK Frontend, Arial)
//   static/dist/app.mjs               static_src/js/app.mjs (starts GOV.UK Frontend)
//   static/dist/govuk-frontend.min.js govuk-frontend's ES module (+ its source map)
//   static/dist/htmx.min.js           htmx
//   static/dist/chart.umd.min.js      Chart.js (+ its source map), for the dashboards' charts
//   static/dist/assets/...            every file that app.css points to with url()
//   static/dist/images/...            our own images (static_src/images)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const src = path.join(root, "static_src");
const dist = path.join(root, "static", "dist");
const modules = path.join(root, "node_modules");
const govuk = path.join(modules, "govuk-frontend", "dist", "govuk");

function copy(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(dist, { recursive: true });

// 1. Sass. quietDeps hides GOV.UK Frontend's own deprecation warnings (it still uses
// @import); ours must stay clean.
const result = sass.compile(path.join(src, "scss", "app.scss"), {
  style: "compressed",
  loadPaths: [modules],
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin"],
  sourceMap: false,
});
const css = result.css;
if (/GDS Transport|@font-face/.test(css)) {
  throw new Error("app.css still refers to the GDS Transport font: check the settings in app.scss");
}
fs.writeFileSync(path.join(dist, "app.css"), css + "\n");

// 2. Every url() in the CSS must exist: copy it from GOV.UK Frontend's assets.
for (const match of css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
  const url = match[1];
  if (url.startsWith("data:") || url.startsWith("#")) continue;
  if (/^[a-z]+:|^\/\//i.test(url) || url.startsWith("/")) {
    throw new Error(`app.css has a URL that is not relative to it: ${url}`);
  }
  const relative = url.split(/[?#]/)[0];
  if (!relative.startsWith("assets/")) {
    throw new Error(`app.css has a URL outside assets/: ${url}`);
  }
  const from = path.join(govuk, relative);
  if (!fs.existsSync(from)) throw new Error(`app.css needs ${url}, not found at ${from}`);
  copy(from, path.join(dist, relative));
}

// 3. JavaScript. The source map is copied too: the minified file names it, and
// Django's manifest storage fails on a missing one.
copy(path.join(src, "js", "app.mjs"), path.join(dist, "app.mjs"));
copy(path.join(govuk, "govuk-frontend.min.js"), path.join(dist, "govuk-frontend.min.js"));
copy(path.join(govuk, "govuk-frontend.min.js.map"), path.join(dist, "govuk-frontend.min.js.map"));
copy(path.join(modules, "htmx.org", "dist", "htmx.min.js"), path.join(dist, "htmx.min.js"));
copy(path.join(modules, "chart.js", "dist", "chart.umd.min.js"), path.join(dist, "chart.umd.min.js"));
copy(path.join(modules, "chart.js", "dist", "chart.umd.min.js.map"), path.join(dist, "chart.umd.min.js.map"));

// 4. Our own images (a plain favicon: GOV.UK's has the crown on it).
const images = path.join(src, "images");
if (fs.existsSync(images)) {
  for (const name of fs.readdirSync(images)) {
    copy(path.join(images, name), path.join(dist, "images", name));
  }
}

const files = fs.readdirSync(dist, { recursive: true }).filter((f) => fs.statSync(path.join(dist, f)).isFile());
console.log(`static/dist: ${files.sort().join(", ")}`);
