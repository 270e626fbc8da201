// Opens a notebook that uses the Ondeck kernel in the classic Jupyter Notebook web UI, in Debian's Chromium
// (driven by playwright-core, no downloaded browser), runs all cells from the Cell menu and checks that the
// outputs render in the page. Run by NotebookBrowserTest with:
//   ONDECK_SERVER_URL=http://127.0.0.1:PORT/ ONDECK_SERVER_TOKEN=T ONDECK_NOTEBOOK=browser.ipynb
//   ONDECK_KERNEL_NAME=N ONDECK_PROFILE_DIR=<empty dir> node notebook-browser.mjs
// Prints one "ok - step" line per passed step; exits 1 at the first failure.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const base = process.env.ONDECK_SERVER_URL;
const token = process.env.ONDECK_SERVER_TOKEN;
const browser = await chromium.launchPersistentContext(process.env.ONDECK_PROFILE_DIR, {
  executablePath: process.env.ONDECK_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync']
});
const page = browser.pages()[0] ?? await browser.newPage();
const pageErrors = [];
page.on('pageerror', e => pageErrors.push(e.message));

async function step(name, fn) {
  try {
    await fn();
    console.log(`ok - ${name}`);
  } catch (e) {
    console.log(`not ok - ${name}`);
    console.error(e);
    await page.screenshot({ path: `${process.env.ONDECK_PROFILE_DIR}/failure.png` }).catch(() => {});
    await browser.close();
    process.exit(1);
  }
}

await step('notebook page opens with the ondeck kernel idle', async () => {
  await page.goto(`${base}notebooks/${process.env.ONDECK_NOTEBOOK}?token=${token}`, { timeout: 60000 });
  await page.waitForSelector('#kernel_indicator_icon.kernel_idle_icon', { state: 'attached', timeout: 60000 });
  const kernelName = await page.evaluate(() => Jupyter.notebook.kernel.name);
  assert.equal(kernelName, process.env.ONDECK_KERNEL_NAME);
  assert.match(await page.textContent('.kernel_indicator_name'), /Ondeck/);
});

await step('Cell > Run All runs every cell', async () => {
  await page.click('#celllink');
  await page.click('#run_all_cells');
  await page.waitForFunction(() => {
    const cells = Jupyter.notebook.get_cells();
    return cells.every(c => c.input_prompt_number !== null && c.input_prompt_number !== '*');
  }, null, { timeout: 90000 });
  const prompts = await page.$$eval('.input_prompt', ps => ps.map(p => p.textContent.replace(/\s+/g, ' ').trim()));
  assert.deepEqual(prompts, ['In [1]:', 'In [2]:', 'In [3]:']);
  assert.equal(await page.locator('.output_error').count(), 0, 'a cell shows an error');
});

await step('stream text renders', async () => {
  const text = await page.textContent('.output_stdout');
  assert.equal(text.trim(), 'stream text from the browser');
});

await step('HTML table renders', async () => {
  const cells = await page.$$eval('.output_html table.ondeck-stats td', tds => tds.map(td => td.textContent));
  assert.deepEqual(cells, ['answer', '42']);
});

await step('PNG renders as an <img> with its natural size', async () => {
  const img = page.locator('.output_png img');
  await img.waitFor({ timeout: 10000 });
  const size = await img.evaluate(el => el.decode().then(() => [el.naturalWidth, el.naturalHeight]));
  assert.deepEqual(size, [40, 30]);
  assert.match(await img.getAttribute('src'), /^data:image\/png;base64,/);
});

await step('no script errors on the page', async () => {
  assert.deepEqual(pageErrors, []);
});

await step('leaving the page and deleting the session shuts the kernel down', async () => {
  await page.goto('about:blank');
  await browser.close();
  const api = path => `${base}api/${path}?token=${token}`;
  const sessions = await (await fetch(api('sessions'))).json();
  assert.equal(sessions.length, 1);
  assert.equal((await fetch(api(`sessions/${sessions[0].id}`), { method: 'DELETE' })).status, 204);
  assert.deepEqual(await (await fetch(api('kernels'))).json(), []);
});
process.exit(0);
