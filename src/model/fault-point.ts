/**
 * Fault injection for the crash tests (benchmarks/crash-windows.mjs): with PREUVE_FAULT_AT=N in the
 * environment, the process kills itself (SIGKILL, as a power cut or an out-of-memory kill would)
 * at the Nth point where a case file is about to change or has just changed. Unset, it costs one
 * comparison. A hook at our own write boundaries rather than strace: it counts only the case's
 * writes (not Node loading its modules), gives the same numbering on every machine, and needs no
 * ptrace, which containers often forbid.
 */
const target = Number.parseInt(process.env.PREUVE_FAULT_AT ?? '', 10);
let reached = 0;

export function reachFaultPoint(): void {
  if (!(target > 0)) return;
  reached += 1;
  if (reached === target) process.kill(process.pid, 'SIGKILL');
}
