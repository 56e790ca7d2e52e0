// Preloaded with `node --import` by tests/e2e/startup-modules.test.ts: on exit, prints to stderr
// one line `preuve-test-loaded-modules: [...]` naming every module the process loaded (ES
// modules through a load hook, CommonJS ones from the require cache).
import { createRequire, register } from 'node:module';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';

const { port1, port2 } = new MessageChannel();
port1.unref();
const hooks = `
let port;
export function initialize(data) { port = data.port; }
export async function load(url, context, next) { port.postMessage(url); return next(url, context); }
`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, {
  data: { port: port2 },
  transferList: [port2],
});
const require = createRequire(import.meta.url);
process.on('exit', () => {
  const urls = [];
  // Read synchronously: at exit the event loop no longer delivers the port's messages.
  for (let message = receiveMessageOnPort(port1); message; message = receiveMessageOnPort(port1))
    urls.push(message.message);
  const loaded = [...urls, ...Object.keys(require.cache)];
  process.stderr.write(`\npreuve-test-loaded-modules: ${JSON.stringify(loaded)}\n`);
});
