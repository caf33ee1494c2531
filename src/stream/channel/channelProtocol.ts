/**
 * The frames of the primeos channel protocol (docs/PROTOCOL.md): JSON objects `{ type, channel, seq, … }`, one per
 * WebSocket text message. Pure data and validation; the socket adapters live in `src/server/ws` and `src/client`.
 */

/** Operations a channel can run, one item in, one result out (docs/PROTOCOL.md §Operations). */
export const CHANNEL_OPERATIONS = ['factor', 'encode', 'decode', 'verify', 'run'] as const;
/** An operation a channel can run. */
export type ChannelOperation = (typeof CHANNEL_OPERATIONS)[number];

/** Options of a channel's operation; each operation reads the ones it knows (docs/PROTOCOL.md). */
export interface ChannelOptions {
  /** factor: time budget per number in ms. */
  readonly budgetMs?: number;
  /** factor: engine seed (same seed, same records). */
  readonly seed?: number;
  /** factor, verify, decode, run: refuse numbers above this size. */
  readonly maxBits?: number;
  /** factor, encode: write big integers as 0x-hex. */
  readonly hex?: boolean;
  /** factor: include elapsedMs (records are then not reproducible). */
  readonly timings?: boolean;
  /** factor: `ndjson` records or GNU `factor` text lines. */
  readonly format?: 'ndjson' | 'text';
  /** factor: how an item is read (`auto`, `lines` or `ndjson`). */
  readonly input?: 'auto' | 'lines' | 'ndjson';
  /** encode: bytes per block (1–256). */
  readonly blockSize?: number;
  /** run: VM limits. */
  readonly maxSteps?: number;
  readonly maxStack?: number;
  readonly maxOutputBytes?: number;
}

/** A typed error as it crosses the socket. */
export interface WireError {
  readonly code: string;
  readonly message: string;
}

/** Frames a client sends. */
export type ClientFrame =
  | {
      readonly type: 'open';
      readonly channel: number;
      readonly op: ChannelOperation;
      readonly options?: ChannelOptions;
      /** Results the server may send before the client acknowledges them (the client's receive window). */
      readonly window?: number;
      /** First item sequence number (a resumed channel starts where its results stopped). */
      readonly seq?: number;
    }
  | { readonly type: 'item'; readonly channel: number; readonly seq: number; readonly data: string }
  /** Cumulative acknowledgement: every result with a sequence number below `seq` has been consumed. */
  | { readonly type: 'ack'; readonly channel: number; readonly seq: number; readonly window?: number }
  | { readonly type: 'end'; readonly channel: number }
  | { readonly type: 'cancel'; readonly channel: number }
  | { readonly type: 'stats'; readonly channel: number }
  | { readonly type: 'health' }
  | { readonly type: 'subscribe'; readonly topic: string }
  | { readonly type: 'unsubscribe'; readonly topic: string };

/** Per-channel statistics (docs/PROTOCOL.md §Statistics). */
export interface ChannelStats {
  readonly op: ChannelOperation;
  readonly itemsIn: number;
  readonly resultsOut: number;
  readonly acked: number;
  readonly inFlight: number;
  readonly failed: number;
  /** Times the channel had a result ready but no output credit from the client. */
  readonly creditWaits: number;
  /** Item latency (received → result sent), ms. */
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly ageMs: number;
}

/** Connection health (docs/PROTOCOL.md §Health). */
export interface HealthReport {
  readonly status: 'ok' | 'draining';
  readonly channels: number;
  readonly subscriptions: number;
  readonly bufferedBytes: number;
  readonly uptimeMs: number;
  readonly lastPongMs: number;
}

/** Frames the server sends. */
export type ServerFrame =
  /** The channel is open; the client may send items with `seq` below `limit`. */
  | { readonly type: 'opened'; readonly channel: number; readonly seq: number; readonly limit: number }
  /** More input credit: items with `seq` below `limit` may be sent. */
  | { readonly type: 'credit'; readonly channel: number; readonly limit: number }
  | {
      readonly type: 'result';
      readonly channel: number;
      readonly seq: number;
      /** The operation's output for the item: the same bytes the CLI writes for it (may be empty). */
      readonly out: string;
      readonly error?: WireError;
    }
  /** Every result has been sent; `seq` is the count of items of the channel. */
  | { readonly type: 'end'; readonly channel: number; readonly seq: number; readonly stats: ChannelStats }
  /** The channel ended early (cancelled, idle, bad options); the connection stays open. */
  | { readonly type: 'closed'; readonly channel: number; readonly error: WireError }
  | ({ readonly type: 'stats'; readonly channel: number } & ChannelStats)
  | ({ readonly type: 'health' } & HealthReport)
  | {
      readonly type: 'event';
      readonly topic: string;
      readonly event: string;
      readonly data: unknown;
      /** Events of this topic dropped for this subscriber since the last one it received (sampling policy). */
      readonly dropped?: number;
    }
  /** A connection-level error; the server closes the socket after sending it. */
  | ({ readonly type: 'error' } & WireError);

/** WebSocket close codes used by the protocol. */
export const CloseCode = {
  /** Normal closure (graceful close, idle connection). */
  Normal: 1000,
  /** The server is shutting down. */
  GoingAway: 1001,
  /** Binary frame (only JSON text frames are spoken). */
  Unsupported: 1003,
  /** Protocol violation: bad frame, credit exceeded, socket queue overflow, heartbeat lost. */
  Policy: 1008,
  /** A frame above the size limit. */
  TooBig: 1009,
} as const;

/** Error codes of the protocol (the close reason carries the code string). */
export const ChannelErrorCode = {
  /** A frame that is not valid JSON or not a valid frame. */
  Protocol: 'E_PROTOCOL',
  /** An item sent beyond the granted input credit. */
  Credit: 'E_CREDIT',
  /** The socket's queued bytes would exceed the cap (the client does not read). */
  Overflow: 'E_OVERFLOW',
  /** No pong within the heartbeat timeout. */
  Heartbeat: 'E_HEARTBEAT',
  /** A channel or connection idle beyond its timeout. */
  Idle: 'E_IDLE',
  /** Channel cancelled by the client. */
  Cancelled: 'E_ABORTED',
  /** A limit of the server (channels per connection, item bytes). */
  Limit: 'E_RANGE',
} as const;

/** A frame that failed validation. */
export interface FrameError {
  readonly ok: false;
  readonly code: string;
  readonly message: string;
}

const isSeq = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const isPositive = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x > 0;
const isOp = (x: unknown): x is ChannelOperation =>
  typeof x === 'string' && (CHANNEL_OPERATIONS as readonly string[]).includes(x);

const OPTION_TYPES: Readonly<Record<keyof ChannelOptions, 'number' | 'boolean' | readonly string[]>> = {
  budgetMs: 'number',
  seed: 'number',
  maxBits: 'number',
  hex: 'boolean',
  timings: 'boolean',
  format: ['ndjson', 'text'],
  input: ['auto', 'lines', 'ndjson'],
  blockSize: 'number',
  maxSteps: 'number',
  maxStack: 'number',
  maxOutputBytes: 'number',
};

function checkOptions(x: unknown): string | undefined {
  if (x === undefined) return undefined;
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return 'options must be an object';
  for (const [k, v] of Object.entries(x)) {
    const t = OPTION_TYPES[k as keyof ChannelOptions] as (typeof OPTION_TYPES)[keyof ChannelOptions] | undefined;
    if (t === undefined) return `unknown option ${JSON.stringify(k)}`;
    if (t === 'number' ? !(typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) : false)
      return `option ${k} must be a non-negative integer`;
    if (t === 'boolean' && typeof v !== 'boolean') return `option ${k} must be a boolean`;
    if (Array.isArray(t) && !t.includes(v as string)) return `option ${k} must be one of ${t.join(', ')}`;
  }
  return undefined;
}

/**
 * Validate one client message. Never throws.
 *
 * @param text - the WebSocket text message
 * @returns the frame, or a {@link FrameError} with code `E_PROTOCOL`
 * @example
 * ```ts
 * parseClientFrame('{"type":"item","channel":1,"seq":0,"data":"91"}'); // { ok: true, frame: { type: 'item', … } }
 * ```
 */
export function parseClientFrame(text: string): { readonly ok: true; readonly frame: ClientFrame } | FrameError {
  const bad = (message: string): FrameError => ({ ok: false, code: ChannelErrorCode.Protocol, message });
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return bad(`invalid JSON: ${(err as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad('a frame is a JSON object');
  const f = v as Record<string, unknown>;
  const needChannel = (): FrameError | undefined =>
    isSeq(f.channel) ? undefined : bad(`${String(f.type)}: channel must be a non-negative integer`);
  switch (f.type) {
    case 'open': {
      const e = needChannel();
      if (e) return e;
      if (!isOp(f.op)) return bad(`open: op must be one of ${CHANNEL_OPERATIONS.join(', ')}`);
      if (f.window !== undefined && !isPositive(f.window)) return bad('open: window must be a positive integer');
      if (f.seq !== undefined && !isSeq(f.seq)) return bad('open: seq must be a non-negative integer');
      const o = checkOptions(f.options);
      if (o !== undefined) return bad(`open: ${o}`);
      return { ok: true, frame: f as ClientFrame };
    }
    case 'item': {
      const e = needChannel();
      if (e) return e;
      if (!isSeq(f.seq)) return bad('item: seq must be a non-negative integer');
      if (typeof f.data !== 'string') return bad('item: data must be a string');
      return { ok: true, frame: f as ClientFrame };
    }
    case 'ack': {
      const e = needChannel();
      if (e) return e;
      if (!isSeq(f.seq)) return bad('ack: seq must be a non-negative integer');
      if (f.window !== undefined && !isPositive(f.window)) return bad('ack: window must be a positive integer');
      return { ok: true, frame: f as ClientFrame };
    }
    case 'end':
    case 'cancel':
    case 'stats':
      return needChannel() ?? { ok: true, frame: f as ClientFrame };
    case 'health':
      return { ok: true, frame: { type: 'health' } };
    case 'subscribe':
    case 'unsubscribe':
      if (typeof f.topic !== 'string' || f.topic === '') return bad(`${f.type}: topic must be a non-empty string`);
      return { ok: true, frame: f as ClientFrame };
    default:
      return bad(`unknown frame type ${JSON.stringify(f.type)}`);
  }
}
