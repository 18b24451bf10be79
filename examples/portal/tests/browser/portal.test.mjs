// The partner portal end to end in headless Chromium: two portal users link
// their fapiao accounts through the pages a customer would use, and one of
// them walks the customer guide to a shipped paper invoice and a downloaded
// e-invoice. Run by CTest (examples/portal/CMakeLists.txt).
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import { after, before, test } from "node:test";
import { openBrowser, operator, screenshot, startPortal } from "./harness.mjs";

const PASSWORD = "passw0rd-1";
let info;
const state = {};

before(async () => { info = await startPortal(); });
after(async () => {
  if (state.alice) await state.alice.close();
  if (state.bob) await state.bob.close();
  if (info) await info.stop();
});

/** Portal sign-up, then register → the activation mail's link → sign in. */
async function linkAccount(page, username, orderId, email) {
  await page.goto(info.portal_url + "/signup");
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', "portal-pass-1");
  await Promise.all([page.waitForURL("**/link"), page.click('button[type="submit"]')]);

  await page.fill('#register input[name="order_id"]', orderId);
  await page.fill('#register input[name="email"]', email);
  await page.fill('#register input[name="password"]', PASSWORD);
  await page.click('#register button[type="submit"]');
  await page.getByText("请激活您的账户").waitFor();

  const mails = await operator(info, "GET", "/sandbox/outbox?to=" + encodeURIComponent(email));
  const activation = mails.data.filter((m) => m.kind === "ACTIVATION").pop();
  const link = activation.body.match(/https?:\/\/\S+/)[0];
  assert.ok(link.startsWith(info.portal_url + "/link/activate?token="), "the mail links to the portal: " + link);
  await page.goto(link);
  await page.click('button[type="submit"]');
  await page.locator("#activated").waitFor();

  await page.goto(info.portal_url + "/link/signin");
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL("**/bills"), page.click('form[action$="/link/signin"] button[type="submit"]')]);
}

async function advance(requestId, status) {
  return operator(info, "POST", `/sandbox/invoice-requests/${requestId}/advance`, { status });
}

test("a portal user links an account and sees their bills, the recent payment still syncing", async () => {
  state.alice = await openBrowser("alice");
  const page = state.alice.page;
  await linkAccount(page, "alice", "DEMO-ORDER-1001", "alice@example.cn");
  const rows = page.locator("tr[data-bill-id]");
  // DEMO-ORDER-1001/1002's customer paid 1000.00, 2350.00 and 123.45 long ago and 888.00 yesterday.
  assert.equal(await rows.count(), 3);
  assert.equal(await page.getByText("¥888.00").count(), 0, "a payment inside its 3-day window is not a bill yet");
  assert.match(await page.locator("#sync-note").innerText(), /3 天/);
  assert.ok(await screenshot(page, "bills") > 0);
});

test("a wrong taxpayer ID and mobile are shown at their inputs, all at once, in Chinese", async () => {
  const page = state.alice.page;
  await operator(info, "POST", "/sandbox/announcements",
    { category: "STOCK_SHORTAGE", title: "票源紧张", body: "纸质发票将延后寄出", affects_kinds: ["VAT_ORDINARY"],
      expected_ship_date: new Date(Date.now() + 7 * 86400e3).toISOString().slice(0, 10) });
  await page.locator('tr:has-text("¥1,000.00") input[type="checkbox"]').check();
  await Promise.all([page.waitForURL("**/apply?**"), page.click('button:has-text("申请发票")')]);
  await page.check('input[name="kind"][value="VAT_ORDINARY"]');
  await page.fill('input[name="buyer.name"]', "上海示例科技有限公司");
  await page.fill('input[name="buyer.taxpayer_id"]', "12345");
  await page.check('input[name="delivery.method"][value="YUNDA"]');
  for (const [name, value] of Object.entries({ recipient: "王小明", mobile: "12345", province: "上海市", city: "上海市",
    district: "浦东新区", street: "科苑路88号", postal_code: "201203" })) {
    await page.fill(`input[name="delivery.${name}"]`, value);
  }
  await page.click('#apply button[type="submit"]');
  const taxpayerError = page.locator('label[data-field="buyer.taxpayer_id"] .error');
  await taxpayerError.waitFor();
  assert.match(await taxpayerError.innerText(), /纳税人识别号/);
  assert.match(await page.locator('label[data-field="delivery.mobile"] .error').innerText(), /手机号码/);
  assert.equal(await page.locator('label[data-field="buyer.name"] .error').count(), 0);
  assert.equal(await page.locator(".banner").count(), 1, "the stock shortage announcement is on every page");
  assert.ok(await screenshot(page, "apply-errors") > 0);

  await page.fill('input[name="buyer.taxpayer_id"]', "91330106673959654P");
  await page.fill('input[name="delivery.mobile"]', "13800138000");
  await Promise.all([page.waitForURL("**/confirm/**"), page.click('#apply button[type="submit"]')]);
});

test("the preview separates price and tax and gives the due date; a double click makes one request", async () => {
  const page = state.alice.page;
  // 1000.00 at 6 %: 943.40 net + 56.60 tax.
  assert.equal(await page.locator("#total").innerText(), "¥1,000.00");
  assert.equal(await page.locator("#net").innerText(), "¥943.40");
  assert.equal(await page.locator("#tax").innerText(), "¥56.60");
  assert.match(await page.locator("#due").innerText(), /^\d{4}-\d{2}-\d{2} 23:59$/);
  assert.equal(await page.locator('[data-warning="STOCK_SHORTAGE"]').count(), 1);
  assert.ok(await screenshot(page, "confirm") > 0);

  let confirmPosts = 0;
  page.on("request", (r) => { if (r.method() === "POST" && r.url().includes("/confirm/")) confirmPosts++; });
  // Two submissions in flight at once (what a double click on a slow network
  // sends), then the double click itself, then back to the form.
  const confirmUrl = page.url();
  // The first create is held 800 ms at the service, so the second submission
  // surely arrives while it is in flight.
  await operator(info, "POST", "/sandbox/faults",
    { method: "POST", path: "/v1/invoice-requests", action: "DELAY", count: 1, delay_ms: 800 });
  const statuses = await page.evaluate(async () => {
    const form = document.querySelector("#confirm");
    const send = () => fetch(form.action, { method: "POST", body: new FormData(form), redirect: "manual" });
    return (await Promise.all([send(), send()])).map((r) => r.type);
  });
  assert.deepEqual(statuses, ["opaqueredirect", "opaqueredirect"], "both submissions were answered with a redirect");
  // The second click aborts the first click's navigation; wait for where the page ends up.
  await page.dblclick('#confirm button[type="submit"]');
  await page.waitForURL("**/requests/**").catch(() => page.waitForURL("**/requests/**"));
  await page.goto(confirmUrl);  // back to the confirm page: it now shows the request made
  assert.match(page.url(), /\/requests\/ir_/);
  assert.ok(confirmPosts >= 3, `the browser sent the form ${confirmPosts} times`);
  state.paperId = page.url().split("/requests/")[1];

  const journal = await operator(info, "GET", "/sandbox/journal?method=POST&path=/v1/invoice-requests");
  const keys = new Set(journal.data.map((e) => e.idempotency_key));
  assert.ok(journal.data.some((e) => e.status === 409), "the second submission met the first in flight");
  assert.equal(journal.data.filter((e) => e.status === 201).length >= 1, true);
  assert.equal(keys.size, 1, "every create the portal sent carried the form's one idempotency key");
  await page.goto(info.portal_url + "/requests");
  assert.equal(await page.locator("tr[data-request-id]").count(), 1, "the service holds one request");
  await page.goto(info.portal_url + "/requests/" + state.paperId);
});

test("已打印 then 已寄出 with the tracking number appear on the open page without a reload", async () => {
  const page = state.alice.page;
  await page.evaluate(() => { window.__sameDocument = true; });
  assert.equal(await page.locator("#status").innerText(), "已提交");
  await advance(state.paperId, "PROCESSING");
  await advance(state.paperId, "PRINTED");
  await page.locator("#status", { hasText: "已打印" }).waitFor({ timeout: 15000 });
  await advance(state.paperId, "SHIPPED");
  await page.locator("#status", { hasText: "已寄出" }).waitFor({ timeout: 15000 });
  await page.locator("#tracking", { hasText: /^YD\d+$/ }).waitFor({ timeout: 15000 });
  assert.equal(await page.locator("#history li").count(), 4, "SUBMITTED, PROCESSING, PRINTED, SHIPPED");
  assert.equal(await page.locator('form[data-live-show="can_cancel"]').isVisible(), false,
    "a shipped request can no longer be cancelled");
  assert.equal(await page.locator("#title-section").isVisible(), true, "a printed invoice's title may change");
  assert.equal(await page.evaluate(() => window.__sameDocument), true, "the page was not reloaded");
  assert.ok(await screenshot(page, "request-shipped") > 0);
});

test("an e-invoice: the payer mismatch warning, the download, and a title change", async () => {
  const page = state.alice.page;
  await page.goto(info.portal_url + "/bills");
  await page.locator('tr:has-text("¥2,350.00") input[type="checkbox"]').check();
  await Promise.all([page.waitForURL("**/apply?**"), page.click('button:has-text("申请发票")')]);
  // Pre-filled from the last application (R11).
  assert.equal(await page.inputValue('input[name="buyer.taxpayer_id"]'), "91330106673959654P");
  await page.check('input[name="kind"][value="DIGITAL_ORDINARY"]');
  await page.fill('input[name="buyer.name"]', "上海示例科技有限公司北京分公司");
  await page.check('input[name="delivery.method"][value="EMAIL"]');
  await page.fill('input[name="delivery.email"]', "finance@example.cn");
  await Promise.all([page.waitForURL("**/confirm/**"), page.click('#apply button[type="submit"]')]);
  assert.equal(await page.locator('[data-warning="PAYER_MISMATCH"]').count(), 1);
  await Promise.all([page.waitForURL("**/requests/**"), page.click('#confirm button[type="submit"]')]);
  const digitalId = page.url().split("/requests/")[1];
  await page.evaluate(() => { window.__sameDocument = true; });
  assert.equal(await page.locator("#download").isVisible(), false);
  await advance(digitalId, "PROCESSING");
  await advance(digitalId, "ISSUED");
  await page.locator("#status", { hasText: "已开具" }).waitFor({ timeout: 15000 });
  await page.locator("#download").waitFor({ state: "visible", timeout: 15000 });
  assert.equal(await page.evaluate(() => window.__sameDocument), true, "the link appeared without a reload");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  const file = await download.path();
  const pdf = fs.readFileSync(file);
  assert.ok(pdf.length > 1000);
  assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");

  await page.fill('#title-change input[name="buyer.name"]', "上海示例科技有限公司");
  await Promise.all([page.waitForURL("**/requests/**"), page.click('#title-change button[type="submit"]')]);
  await page.getByText("抬头修改已提交").waitFor();
  assert.notEqual(page.url().split("/requests/")[1], digitalId, "a reissued e-invoice is a new request");
  assert.ok(await screenshot(page, "title-changed") > 0);
});

test("two portal users never see each other's bills or requests", async () => {
  state.bob = await openBrowser("bob");
  const page = state.bob.page;
  await linkAccount(page, "bob", "DEMO-ORDER-2001", "bob@example.cn");
  assert.equal(await page.locator("tr[data-bill-id]").count(), 1, "the Beijing customer has one synced bill");
  assert.equal(await page.getByText("¥1,000.00").count(), 0);
  const response = await page.goto(info.portal_url + "/requests/" + state.paperId);
  assert.equal(response.status(), 404);
  const live = await (await page.goto(info.portal_url + "/live/status?after=0")).json();
  assert.deepEqual(live.requests, []);
});

test("the portal's log holds no secret and no full taxpayer ID", async () => {
  const log = fs.readFileSync(info.logFile, "utf8");
  assert.ok(!log.includes("91330106673959654P"), "taxpayer ID in the log");
  assert.ok(!log.includes("whsec"), "webhook secret in the log");
  assert.ok(!/token=[A-Za-z0-9_-]{10,}/.test(log), "activation token in the log");
  assert.ok(!log.includes(PASSWORD));
});

test("stopping the portal (SIGTERM, as Ctrl-C) stops its sandbox too", async () => {
  await state.alice.close();
  await state.bob.close();
  state.alice = state.bob = null;
  await info.stop();
  const refused = await new Promise((resolve) => {
    const socket = net.connect(Number(new URL(info.sandbox_url).port), "127.0.0.1");
    socket.on("connect", () => { socket.destroy(); resolve(false); });
    socket.on("error", () => resolve(true));
  });
  assert.ok(refused, "the sandbox still listens after the portal stopped");
});
