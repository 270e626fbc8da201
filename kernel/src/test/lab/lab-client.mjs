// Drives the Ondeck kernel through JupyterLab's client library (@jupyterlab/services) against a running
// jupyter_server, as Lab itself would. Run by JupyterLabClientTest with:
//   ONDECK_SERVER_URL=http://127.0.0.1:PORT/ ONDECK_SERVER_TOKEN=T ONDECK_KERNEL_NAME=N node lab-client.mjs
// Prints one "ok - step" line per passed step; exits 1 at the first failure.
import assert from 'node:assert/strict';
import services from '@jupyterlab/services';
import WebSocket from 'ws';

const { ServerConnection, KernelManager, SessionManager, KernelSpecManager } = services;
const baseUrl = process.env.ONDECK_SERVER_URL;
const kernelName = process.env.ONDECK_KERNEL_NAME;
const settings = ServerConnection.makeSettings({
  baseUrl, wsUrl: baseUrl.replace(/^http/, 'ws'), token: process.env.ONDECK_SERVER_TOKEN, appendToken: true, WebSocket
});

/** Rejects after `ms` with a message naming what was awaited. */
function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs `code`; returns the reply and the iopub messages of the request, by type. */
async function execute(kernel, code, options = {}) {
  const future = kernel.requestExecute({ code, allow_stdin: false, ...options });
  const iopub = [];
  future.onIOPub = msg => { iopub.push(msg); };
  if (options.onStdin) {
    future.onStdin = msg => options.onStdin(msg);
  }
  const reply = await within(options.timeout ?? 30000, `execute ${code}`, future.done);
  return { reply, iopub, of: type => iopub.filter(m => m.header.msg_type === type) };
}

async function step(name, fn) {
  try {
    await fn();
    console.log(`ok - ${name}`);
  } catch (e) {
    console.log(`not ok - ${name}`);
    console.error(e);
    process.exit(1);
  }
}

const specs = new KernelSpecManager({ serverSettings: settings });
const kernels = new KernelManager({ serverSettings: settings });
const sessions = new SessionManager({ serverSettings: settings, kernelManager: kernels });
let session;
let kernel;

await step('kernelspec is listed by the server', async () => {
  await within(15000, 'kernelspecs', specs.ready);
  await specs.refreshSpecs();
  const spec = specs.specs.kernelspecs[kernelName];
  assert.ok(spec, `no kernelspec ${kernelName} in ${Object.keys(specs.specs.kernelspecs)}`);
  assert.equal(spec.language, 'java');
});

await step('session starts an ondeck kernel', async () => {
  await within(15000, 'sessions', sessions.ready);
  session = await within(30000, 'startNew', sessions.startNew({
    path: 'lab-test.ipynb', type: 'notebook', name: 'lab-test.ipynb', kernel: { name: kernelName }
  }));
  kernel = session.kernel;
  assert.equal(kernel.name, kernelName);
});

await step('kernel_info', async () => {
  const info = await within(30000, 'kernel.info', kernel.info);
  assert.equal(info.language_info.name, 'java');
  assert.equal(info.language_info.file_extension, '.jsh');
  assert.equal(info.implementation, 'ondeck');
  const reply = await within(15000, 'requestKernelInfo', kernel.requestKernelInfo());
  assert.equal(reply.content.status, 'ok');
  // the binary kernel wire protocol Lab negotiates with jupyter_server, not the JSON fallback
  assert.equal(kernel._selectedProtocol, 'v1.kernel.websocket.jupyter.org');
  assert.ok(Number(reply.content.protocol_version.split('.')[1]) >= 3, reply.content.protocol_version);
});

await step('execute: stream, display_data (png), execute_result', async () => {
  const code = [
    'System.out.println("hello from lab");',
    'var img = new java.awt.image.BufferedImage(6, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);',
    'display(img);',
    '6 * 7'
  ].join('\n');
  const { reply, of } = await execute(kernel, code);
  assert.equal(reply.content.status, 'ok');
  const text = of('stream').filter(m => m.content.name === 'stdout').map(m => m.content.text).join('');
  assert.equal(text, 'hello from lab\n');
  const png = of('display_data')[0]?.content.data['image/png'];
  assert.ok(png, 'no image/png display_data');
  assert.equal(Buffer.from(png, 'base64').subarray(1, 4).toString('latin1'), 'PNG');
  const result = of('execute_result')[0];
  assert.equal(result.content.data['text/plain'], '42');
  assert.equal(result.content.execution_count, reply.content.execution_count);
  const states = of('status').map(m => m.content.execution_state);
  assert.deepEqual(states, ['busy', 'idle']);
});

await step('execute error reply', async () => {
  const { reply, of } = await execute(kernel, 'throw new IllegalStateException("lab boom")');
  assert.equal(reply.content.status, 'error');
  assert.equal(of('error').length, 1);
  assert.match(of('error')[0].content.evalue, /lab boom/);
});

await step('complete', async () => {
  const code = 'System.currentTimeM';
  const reply = await kernel.requestComplete({ code, cursor_pos: code.length });
  assert.equal(reply.content.status, 'ok');
  assert.deepEqual(reply.content.matches, ['currentTimeMillis()']);
  assert.equal(reply.content.cursor_start, 'System.'.length);
  assert.equal(reply.content.cursor_end, code.length);
});

await step('inspect', async () => {
  const reply = await kernel.requestInspect({ code: 'Math.max', cursor_pos: 8, detail_level: 0 });
  assert.equal(reply.content.status, 'ok');
  assert.equal(reply.content.found, true);
  assert.match(reply.content.data['text/plain'], /max\(/);
});

await step('is_complete', async () => {
  const incomplete = await kernel.requestIsComplete({ code: 'for (int i = 0; i < 3; i++) {' });
  assert.equal(incomplete.content.status, 'incomplete');
  const complete = await kernel.requestIsComplete({ code: 'int x = 1;' });
  assert.equal(complete.content.status, 'complete');
});

await step('history', async () => {
  const tail = await kernel.requestHistory({ hist_access_type: 'tail', n: 3, output: false, raw: true });
  assert.equal(tail.content.status, 'ok');
  const inputs = tail.content.history.map(entry => entry[2]);
  assert.ok(inputs.includes('throw new IllegalStateException("lab boom")'), JSON.stringify(inputs));
  const search = await kernel.requestHistory({
    hist_access_type: 'search', pattern: 'System.out.println("hello from lab");*', output: false, raw: true, unique: true
  });
  assert.equal(search.content.history.length, 1);
});

await step('comm open, msg and close round trip', async () => {
  const registered = await execute(kernel,
    'dev.ondeck.kernel.comm.Comms.registerTarget("lab.echo", (comm, data) -> comm.onMessage(d -> comm.send(d)));');
  assert.equal(registered.reply.content.status, 'ok');
  const comm = kernel.createComm('lab.echo');
  const echoed = new Promise(resolve => { comm.onMsg = msg => resolve(msg.content.data); });
  await comm.open({}).done;
  const info = await kernel.requestCommInfo({ target_name: 'lab.echo' });
  assert.deepEqual(info.content.comms[comm.commId], { target_name: 'lab.echo' });
  comm.send({ ping: 7, text: 'marco' });
  assert.deepEqual(await within(10000, 'comm echo', echoed), { ping: 7, text: 'marco' });
  await comm.close().done;
  const after = await kernel.requestCommInfo({ target_name: 'lab.echo' });
  assert.equal(after.content.comms[comm.commId], undefined);
});

await step('comm_open to an unknown target is answered by comm_close', async () => {
  const comm = kernel.createComm('jupyter.widget.version');
  const closed = new Promise(resolve => { comm.onClose = msg => resolve(msg); });
  comm.open({});
  const msg = await within(10000, 'comm_close', closed);
  assert.equal(msg.content.comm_id, comm.commId);
});

await step('input_request answered through the services API', async () => {
  let prompted = null;
  const { reply, of } = await execute(kernel, 'new Scanner(System.in).nextLine().toUpperCase()', {
    allow_stdin: true,
    onStdin: msg => {
      prompted = msg.header.msg_type;
      kernel.sendInputReply({ status: 'ok', value: 'typed in lab' }, msg.header);
    }
  });
  assert.equal(prompted, 'input_request');
  assert.equal(reply.content.status, 'ok');
  assert.equal(of('execute_result')[0].content.data['text/plain'], '"TYPED IN LAB"');
});

await step('interrupt stops while (true) {} and the next cell runs', async () => {
  const future = kernel.requestExecute({ code: 'while (true) {}' });
  await within(15000, 'execute_input', new Promise(resolve => {
    future.onIOPub = msg => { if (msg.header.msg_type === 'execute_input') resolve(); };
  }));
  const t0 = performance.now();
  await kernel.interrupt();
  const reply = await within(10000, 'reply after interrupt', future.done);
  console.log(`# interrupt to execute_reply through jupyter_server: ${((performance.now() - t0) / 1000).toFixed(3)} s`);
  assert.equal(reply.content.status, 'error');
  const next = await execute(kernel, '1 + 1');
  assert.equal(next.of('execute_result')[0].content.data['text/plain'], '2');
});

await step('restart gives a fresh JShell', async () => {
  await execute(kernel, 'int survivor = 5;');
  await within(60000, 'restart', kernel.restart());
  await within(60000, 'kernel info after restart', kernel.info);
  const gone = await execute(kernel, 'survivor');
  assert.equal(gone.reply.content.status, 'error');
  assert.equal(gone.reply.content.execution_count, 1);
  const fresh = await execute(kernel, '2 + 3');
  assert.equal(fresh.of('execute_result')[0].content.data['text/plain'], '5');
});

await step('shutdown', async () => {
  const id = kernel.id;
  await within(30000, 'shutdown', session.shutdown());
  await kernels.refreshRunning();
  assert.ok(![...kernels.running()].some(k => k.id === id), 'kernel still running after shutdown');
  await sessions.refreshRunning();
  assert.equal([...sessions.running()].length, 0);
});

sessions.dispose();
kernels.dispose();
specs.dispose();
process.exit(0);
