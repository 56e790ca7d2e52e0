/** The time source the core uses. Injected so tests and reproducible builds control it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at one instant (tests, PREUVE_NOW). */
export function fixedClock(instant: Date | string): Clock {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new Error(`invalid fixed clock time: ${String(instant)}`);
  return { now: () => new Date(date.getTime()) };
}
