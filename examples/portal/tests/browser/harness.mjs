// What the browser test needs besides the browser: the portal with its own
// demo sandbox (run_portal.py --sandbox), the sandbox's operator API, and
// Debian's chromium driven by playwright-core (no browser download).
import { spawn } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

// playwright-core lives in build/tools (./dev.sh installs it there), not beside the test.
const require = createRequire(path.join(process.env.FAPIAO_NODE_MODULES || "build/tools/node_modules", "x.js"));
const { chromium } = require("playwright-core");

export const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync"];

function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }

/** run_portal.py --sandbox ... --port 0; resolves once its info file is written. */
export async function startPortal() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fapiao-portal-test-"));
  const infoFile = path.join(dir, "info.json");
  const logFile = path.join(dir, "portal.log");
  const out = fs.openSync(logFile, "w");
  const child = spawn(process.env.PYTHON || "/usr/bin/python3",
    [process.env.PORTAL_RUNNER, "--sandbox", process.env.FAPIAO_SANDBOX_BIN, "--port", "0",
     "--data", path.join(dir, "data"), "--info-file", infoFile],
    { stdio: ["ignore", out, out], env: { ...process.env, PYTHONPATH: process.env.FAPIAO_PYTHON_PATH } });
  for (let i = 0; i < 400 && !fs.existsSync(infoFile); i++) {
    if (child.exitCode !== null) throw new Error("the portal did not start:\n" + fs.readFileSync(logFile, "utf8"));
    await sleep(50);
  }
  const info = JSON.parse(fs.readFileSync(infoFile, "utf8"));
  info.dir = dir;
  info.logFile = logFile;
  info.ca = fs.readFileSync(info.ca_file);
  info.operatorToken = fs.readFileSync(info.operator_token_file, "utf8").trim();
  info.stop = async () => {  // waits until run_portal.py has stopped its sandbox and exited
    if (child.exitCode !== null) return;
    child.kill("SIGTERM");
    for (let i = 0; i < 300 && child.exitCode === null; i++) await sleep(50);
  };
  return info;
}

/** One call of the sandbox's operator API (/sandbox/...): the parsed JSON answer. */
export function operator(info, method, pathname, body) {
  const url = new URL(info.sandbox_url + pathname);
  const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = https.request({
      hostname: url.hostname, port: url.port, path: url.pathname + url.search, method, ca: info.ca,
      headers: { Authorization: "Bearer " + info.operatorToken, "Content-Type": "application/json",
                 ...(data ? { "Content-Length": data.length } : {}) },
    }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        if (res.statusCode >= 300) reject(new Error(`${method} ${pathname}: ${res.statusCode} ${text}`));
        else resolve(text ? JSON.parse(text) : null);
      });
    });
    req.on("error", reject);
    if (data) req.write(data);
    req.end();
  });
}

/** A browser of its own (a fresh --user-data-dir), Chinese first. */
export async function openBrowser(name) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), `fapiao-chromium-${name}-`));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true, args: CHROMIUM_FLAGS,
    locale: "zh-CN", acceptDownloads: true, viewport: { width: 1200, height: 900 },
  });
  const page = context.pages()[0] || await context.newPage();
  return { context, page, close: async () => { await context.close(); fs.rmSync(userDataDir, { recursive: true, force: true }); } };
}

/** Saves a full-page screenshot as a build artifact and returns its size. */
export async function screenshot(page, name) {
  const dir = process.env.PORTAL_SCREENSHOTS || path.join(os.tmpdir(), "portal-screenshots");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name + ".png");
  await page.screenshot({ path: file, fullPage: true });
  return fs.statSync(file).size;
}
