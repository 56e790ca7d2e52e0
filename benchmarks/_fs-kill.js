// A preload (`node --import ./benchmarks/_fs-kill.js bin/preuve.js …`) that kills the process with
// SIGKILL just before its Nth file-system call on a path under PREUVE_KILL_ROOT (the case folder):
// the fault-injection loop of issue 21 point 1 at the granularity of every `fs` call, not only at
// preuve's own write points (src/model/fault-point.ts). Counting happens in JavaScript, on the main
// thread, so the numbering is the same on every run and needs no ptrace (strace's per-thread
// counters would follow libuv's thread pool). The hash workers read only; they are not counted.
//   PREUVE_KILL_ROOT=<case> PREUVE_KILL_AT=<n>   kill before call n (1-based)
//   PREUVE_KILL_COUNT=<file>                     write each call made (JSON lines, name and
//                                                whether it can change a file) to <file> at exit
//   PREUVE_KILL_TRACE=1                          print each counted call on stderr (to debug)
// Only `fs` is wrapped: a write made by native code (sharp writes nothing in the case) is not seen.
import fs from 'node:fs';
import fsPromises from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { resolve, sep } from 'node:path';
import { isMainThread } from 'node:worker_threads';

const root = process.env.PREUVE_KILL_ROOT ? resolve(process.env.PREUVE_KILL_ROOT) : undefined;
const target = Number.parseInt(process.env.PREUVE_KILL_AT ?? '', 10);
const countFile = process.env.PREUVE_KILL_COUNT;
const trace = process.env.PREUVE_KILL_TRACE === '1';
const writeSync = fs.writeSync;
const writeFileSync = fs.writeFileSync;

/** Calls that only read (or close): a kill just after one leaves the files as a kill before it. */
const READS = new Set([
  'access',
  'close',
  'exists',
  'fstat',
  'lstat',
  'opendir',
  'read',
  'readdir',
  'readFile',
  'readlink',
  'readv',
  'realpath',
  'stat',
  'statfs',
]);

function canChange(name, args) {
  const base = name.replace(/^(promises|handle)\./, '').replace(/Sync$/, '');
  if (base === 'open') {
    const flags = name.startsWith('handle.') ? undefined : args[1];
    return !(flags === undefined || flags === 'r' || flags === fs.constants.O_RDONLY);
  }
  return !READS.has(base);
}

function install() {
  let calls = 0;
  const caseFds = new Set();
  const caseHandles = new WeakSet();
  const inCase = (value) => {
    if (typeof value === 'string' || value instanceof URL || Buffer.isBuffer(value)) {
      const path = resolve(value instanceof URL ? value.pathname : value.toString());
      return path === root || path.startsWith(root + sep);
    }
    return false;
  };
  const seen = [];
  const reach = (name, args) => {
    calls += 1;
    if (trace) writeSync(2, `[fs-kill] ${calls} ${name} ${String(args[0]).slice(0, 120)}\n`);
    if (countFile) seen.push({ name, changes: canChange(name, args) });
    if (calls === target) process.kill(process.pid, 'SIGKILL');
  };
  const touchesCase = (args, byFd) =>
    byFd ? caseFds.has(args[0]) : inCase(args[0]) || inCase(args[1]);

  const FD_CALLS = new Set([
    'close',
    'fchmod',
    'fchown',
    'fdatasync',
    'fstat',
    'fsync',
    'ftruncate',
    'futimes',
    'read',
    'readv',
    'write',
    'writev',
  ]);
  for (const name of Object.keys(fs)) {
    const original = fs[name];
    if (typeof original !== 'function' || /^[A-Z]/.test(name) || name === 'promises') continue;
    if (
      ['createReadStream', 'createWriteStream', 'watch', 'watchFile', 'unwatchFile'].includes(name)
    )
      continue; // streams call fs.open/read/write themselves: those calls are counted
    const base = name.replace(/Sync$/, '');
    const byFd = FD_CALLS.has(base);
    const isOpen = base === 'open';
    fs[name] = function wrapped(...args) {
      const counted = touchesCase(args, byFd);
      if (counted) reach(name, args);
      if (base === 'close' && counted) caseFds.delete(args[0]);
      if (!isOpen || !counted) return original.apply(this, args);
      if (name === 'openSync') {
        const fd = original.apply(this, args);
        caseFds.add(fd);
        return fd;
      }
      const callback = args.pop();
      return original.apply(this, [
        ...args,
        (error, fd) => {
          if (!error) caseFds.add(fd);
          callback(error, fd);
        },
      ]);
    };
  }
  for (const name of Object.keys(fsPromises)) {
    const original = fsPromises[name];
    if (typeof original !== 'function' || name === 'constants') continue;
    fsPromises[name] = async function wrapped(...args) {
      const counted = inCase(args[0]) || inCase(args[1]);
      if (counted) reach(`promises.${name}`, args);
      const result = await original.apply(this, args);
      if (name === 'open' && counted) caseHandles.add(result);
      return result;
    };
  }
  // FileHandle methods: found on the prototype of a handle opened once here.
  const probe = fs.openSync(process.execPath, 'r');
  fs.closeSync(probe);
  const prototypeReady = fsPromises.open(process.execPath, 'r').then(async (handle) => {
    const prototype = Object.getPrototypeOf(handle);
    await handle.close();
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
      if (name === 'constructor' || typeof descriptor?.value !== 'function') continue;
      const original = descriptor.value;
      prototype[name] = function wrapped(...args) {
        if (caseHandles.has(this)) reach(`handle.${name}`, [this.fd]);
        return original.apply(this, args);
      };
    }
  });
  syncBuiltinESMExports();
  if (countFile) {
    process.on('exit', () =>
      writeFileSync(countFile, seen.map((call) => `${JSON.stringify(call)}\n`).join('')),
    );
  }
  return prototypeReady;
}

if (root && isMainThread) await install();
