/** A receiver of broadcast events (a WebSocket connection, a test probe). */
export interface BroadcastSubscriber {
  /**
   * Take one event. Must not block: a subscriber that cannot keep up drops or samples (its own stated policy).
   *
   * @param topic - the topic published to
   * @param event - event name (`progress`, `done`, …)
   * @param data - JSON-serialisable payload
   * @param key - conflation key: a later event with the same topic and key may replace this one for a slow
   *   subscriber (e.g. the job id, so one job's events never replace another's); default: the topic
   */
  offer(topic: string, event: string, data: unknown, key?: string): void;
}

/**
 * Topic-based fan-out of events (job progress, server statistics) to any number of subscribers. `publish` is
 * synchronous and O(subscribers of the topic); it never waits for a subscriber, so a slow one cannot slow the
 * publisher (docs/PROTOCOL.md §Broadcast states the per-socket policy).
 *
 * @example
 * ```ts
 * const b = new Broadcaster();
 * const off = b.subscribe('jobs', { offer: (t, e, d) => console.log(t, e, d) });
 * b.publish('jobs', 'progress', { id: 'j1', records: 10 });
 * off();
 * ```
 */
export class Broadcaster {
  readonly #topics = new Map<string, Set<BroadcastSubscriber>>();
  #published = 0;

  /**
   * @param topic - the topic
   * @param subscriber - the receiver
   * @returns a function that unsubscribes
   */
  subscribe(topic: string, subscriber: BroadcastSubscriber): () => void {
    let set = this.#topics.get(topic);
    if (set === undefined) this.#topics.set(topic, (set = new Set()));
    set.add(subscriber);
    return () => {
      const s = this.#topics.get(topic);
      if (s === undefined) return;
      s.delete(subscriber);
      if (s.size === 0) this.#topics.delete(topic);
    };
  }

  /**
   * Offer an event to every subscriber of the topic.
   *
   * @param topic - the topic
   * @param event - the event name
   * @param data - the payload
   * @param key - conflation key (see {@link BroadcastSubscriber.offer})
   * @returns the number of subscribers offered the event
   */
  publish(topic: string, event: string, data: unknown, key?: string): number {
    const set = this.#topics.get(topic);
    this.#published++;
    if (set === undefined) return 0;
    for (const s of [...set]) s.offer(topic, event, data, key);
    return set.size;
  }

  /**
   * @param topic - a topic
   * @returns its subscriber count
   */
  subscribers(topic: string): number {
    return this.#topics.get(topic)?.size ?? 0;
  }

  /** Events published so far. */
  get published(): number {
    return this.#published;
  }
}
