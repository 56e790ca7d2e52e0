import type { Exhibit } from '../model/exhibit.js';

/**
 * How many small files are copied at once. Creating a folder and a file waits on the disk's
 * journal; with several in flight those waits overlap each other and the hashing.
 */
export const FILES_IN_FLIGHT = 8;

type Outcome = { readonly exhibit: Exhibit } | { readonly error: unknown };

interface Flight<T> {
  readonly task: T;
  readonly outcome: Promise<Outcome>;
}

/**
 * Small files copied several at a time and accepted strictly in the order given, so numbering,
 * events and custody lines are the same as one at a time. Each file is numbered as if every file
 * before it is added; when one turns out to be a duplicate (it takes no number), the copies of the
 * files behind it are removed and made again under the right numbers.
 */
export class CopyWindow<T> {
  readonly #flights: Flight<T>[] = [];

  constructor(
    private readonly copy: (task: T, exhibitNumber: number) => Promise<Exhibit>,
    private readonly discard: (exhibit: Exhibit) => Promise<void>,
  ) {}

  get isFull(): boolean {
    return this.#flights.length >= FILES_IN_FLIGHT;
  }

  /** Starts copying `task`, numbered after the files already in flight. */
  launch(task: T, nextNumber: number): void {
    const outcome = this.copy(task, nextNumber + this.#flights.length).then(
      (exhibit) => ({ exhibit }),
      (error: unknown) => ({ error }),
    );
    this.#flights.push({ task, outcome });
  }

  /**
   * Waits for the oldest file and hands it to `accept`, which says whether it took its number.
   * Its error, if it failed, is thrown: call {@link abandon} then.
   */
  async landOldest(
    accept: (task: T, exhibit: Exhibit) => Promise<boolean>,
    nextNumber: () => number,
  ): Promise<void> {
    const flight = this.#flights.shift();
    if (!flight) return;
    const outcome = await flight.outcome;
    if ('error' in outcome) throw outcome.error;
    if (await accept(flight.task, outcome.exhibit)) return;
    for (const task of await this.abandon()) this.launch(task, nextNumber());
  }

  /** Lands every file in flight, in order. */
  async landAll(
    accept: (task: T, exhibit: Exhibit) => Promise<boolean>,
    nextNumber: () => number,
  ): Promise<void> {
    while (this.#flights.length > 0) await this.landOldest(accept, nextNumber);
  }

  /** Waits for every file in flight, removes the copies made, and returns the tasks in order. */
  async abandon(): Promise<T[]> {
    const flights = this.#flights.splice(0);
    for (const flight of flights) {
      const outcome = await flight.outcome;
      if ('exhibit' in outcome) await this.discard(outcome.exhibit);
    }
    return flights.map((flight) => flight.task);
  }
}
