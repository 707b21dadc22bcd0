#!/usr/bin/env node
// Compiles every .sol file of the SRC folders with solcjs (npm solc, pinned in package-lock.json)
// in one standard-JSON run, writing OUT/<Contract>.abi and OUT/<Contract>.bin for web3j's codegen.
// Run by Maven in generate-sources (pom.xml); warnings fail the build like errors.
//   node src/build/compile.js OUT SRC [SRC...]
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const moduleDir = path.resolve(__dirname, '..', '..');
const [outDir, ...srcDirs] = process.argv.slice(2).map((p) => path.resolve(moduleDir, p));
if (!outDir || srcDirs.length === 0) {
  console.error('usage: compile.js OUT SRC [SRC...]');
  process.exit(2);
}

// npm ci only when node_modules does not hold the locked solc (it deletes and refetches the
// tree); --prefer-offline lets an offline build use npm's cache.
function ensureSolc() {
  const lock = JSON.parse(fs.readFileSync(path.join(moduleDir, 'package-lock.json'), 'utf8'));
  const wanted = lock.packages['node_modules/solc'].version;
  const installed = path.join(moduleDir, 'node_modules', 'solc', 'package.json');
  if (fs.existsSync(installed) && JSON.parse(fs.readFileSync(installed, 'utf8')).version === wanted) {
    return;
  }
  console.log(`[compile.js] npm ci (solc ${wanted})`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: moduleDir, stdio: 'inherit' });
}

// Keyed by file name alone: two folders must not hold files of the same name.
const sources = srcDirs
  .filter((dir) => fs.existsSync(dir))
  .flatMap((dir) => fs.readdirSync(dir).filter((f) => f.endsWith('.sol')).map((f) => path.join(dir, f)))
  .sort();
const names = sources.map((f) => path.basename(f));
if (new Set(names).size !== names.length) {
  console.error(`[compile.js] two sources share a file name: ${names.join(', ')}`);
  process.exit(1);
}
const newestSource = Math.max(
  ...sources.map((f) => fs.statSync(f).mtimeMs),
  fs.statSync(__filename).mtimeMs,
  fs.statSync(path.join(moduleDir, 'package-lock.json')).mtimeMs
);
const stamp = path.join(outDir, '.compiled');
if (fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= newestSource) {
  console.log('[compile.js] contracts up to date');
  process.exit(0);
}

ensureSolc();
const solc = require(path.join(moduleDir, 'node_modules', 'solc'));
const input = {
  language: 'Solidity',
  sources: Object.fromEntries(
    sources.map((f) => [path.basename(f), { content: fs.readFileSync(f, 'utf8') }])
  ),
  settings: {
    // Cancun, not the compiler's newest default: the chains the market may bridge to lag behind.
    evmVersion: 'cancun',
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const problems = output.errors || [];
for (const problem of problems) {
  console.error(problem.formattedMessage || problem.message);
}
if (problems.length > 0) {
  console.error(`[compile.js] solc ${solc.version()}: ${problems.length} error(s) or warning(s)`);
  process.exit(1);
}
fs.mkdirSync(outDir, { recursive: true });
let count = 0;
for (const file of Object.keys(output.contracts)) {
  for (const [name, contract] of Object.entries(output.contracts[file])) {
    if (!contract.evm.bytecode.object) {
      continue; // an interface: nothing to deploy, no wrapper wanted
    }
    fs.writeFileSync(path.join(outDir, `${name}.abi`), JSON.stringify(contract.abi));
    fs.writeFileSync(path.join(outDir, `${name}.bin`), contract.evm.bytecode.object);
    count++;
  }
}
fs.writeFileSync(stamp, `solc ${solc.version()}\n`);
console.log(`[compile.js] solc ${solc.version()}: ${count} contract(s) into ${path.relative(moduleDir, outDir)}`);
