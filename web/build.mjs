// Builds the UI into the directory named on the command line (Maven passes target/classes/web, so
// the files land on the web jar's class path where the broker reads them): index.html from
// src/ui/index.html with the bundle's names put in, assets/ with the bundle (content-hashed names,
// so the broker may let browsers cache them for good), and manifest.json listing the assets (the
// broker serves only those).
//
// Dependencies: installed with `npm ci` from the committed package-lock.json when node_modules does
// not hold exactly that lock's packages yet; otherwise nothing is fetched, so the build also works
// offline once they are installed. Packages' install scripts are not run: esbuild needs none (its
// binary comes in its platform package).
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, process.argv[2] ?? "target/classes/web");

function ensureDependencies() {
  const lock = readFileSync(join(here, "package-lock.json"));
  const wanted = createHash("sha256").update(lock).digest("hex");
  const stamp = join(here, "node_modules", ".edgemarket-lock.sha256");
  if (existsSync(stamp) && readFileSync(stamp, "utf8").trim() === wanted) {
    return;
  }
  console.log("web: npm ci (node_modules does not match package-lock.json)");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  execFileSync(npm, ["ci", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts"], {
    cwd: here,
    stdio: "inherit",
  });
  writeFileSync(stamp, wanted + "\n");
}

ensureDependencies();
const esbuild = await import("esbuild");
const assets = join(out, "assets");
rmSync(assets, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });
const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: { app: "src/ui/main.js" },
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2020"],
  outdir: assets,
  entryNames: "[name]-[hash]",
  assetNames: "[name]-[hash]",
  legalComments: "eof",
  metafile: true,
  logLevel: "warning",
});
// The page's icon, under a hashed name as the bundle's files are (a browser asks for one anyway).
const iconBytes = readFileSync(join(here, "src/ui/icon.svg"));
const icon = "icon-" + createHash("sha256").update(iconBytes).digest("hex").slice(0, 8) + ".svg";
writeFileSync(join(assets, icon), iconBytes);
const files = [...Object.keys(result.metafile.outputs).map((f) => basename(f)), icon].sort();
const script = files.find((f) => f.endsWith(".js"));
const style = files.find((f) => f.endsWith(".css"));
if (!script || !style) {
  throw new Error("the bundle lacks a script or a style sheet: " + files.join(", "));
}
const page = readFileSync(join(here, "src/ui/index.html"), "utf8")
  .replaceAll("%APP_JS%", "/assets/" + script)
  .replaceAll("%APP_CSS%", "/assets/" + style)
  .replaceAll("%ICON%", "/assets/" + icon);
writeFileSync(join(out, "index.html"), page);
writeFileSync(join(out, "manifest.json"), JSON.stringify({ assets: files }, null, 2) + "\n");
console.log("web: built " + files.join(", ") + " into " + out);
