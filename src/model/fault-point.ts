/**
 * A test hook, not part of the model: fault injection for the crash tests
 * (benchmarks/crash-windows.js, tests/e2e/crash-windows.test.ts). It lives in model/ with the
 * crash-atomic write (./atomic-write.ts) and the custody log (./custody.ts) that carry it, which
 * every layer writing into a case uses. With PREUVE_FAULT_AT=N in the environment, the process
 * kills itself (SIGKILL, as a power cut or an out-of-memory kill would) at the Nth point where a
 * case file is about to change or has just changed. Unset, it costs one comparison. A hook at our
 * own write boundaries rather than strace: it counts only the case's writes (not Node loading its
 * modules), gives the same numbering on every machine, and needs no ptrace, which containers
 * often forbid.
 */
const target = Number.parseInt(process.env.PREUVE_FAULT_AT ?? '', 10);
let reached = 0;

export function reachFaultPoint(): void {
  if (!(target > 0)) return;
  reached += 1;
  if (reached === target) process.kill(process.pid, 'SIGKILL');
}
