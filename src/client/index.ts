/**
 * primeos/client — clients of `primeos serve`: `createClient()` speaks HTTP (streaming factorisation with retries
 * that resume where the stream stopped, durable jobs; docs/SERVER.md); `connect()` opens the `/v1/stream` WebSocket (multiplexed channels
 * with credit windows, acknowledgements, heartbeats, reconnect and resume; docs/PROTOCOL.md).
 * @packageDocumentation
 */
export { createClient, CLIENT_DEFAULTS } from './createClient.js';
export type {
  ClientOptions,
  PrimeosClient,
  JobsClient,
  FactorInput,
  FactorRecord,
  FactorRequestOptions,
  RecordLine,
  ClientJobStatus,
  ClientJobEvent,
} from './createClient.js';
export { connect, Connection, CONNECT_DEFAULTS } from './connect.js';
export type { ConnectOptions } from './connect.js';
export { ClientChannel } from './ClientChannel.js';
export type { ChannelResult } from './ClientChannel.js';
export type {
  ChannelOperation,
  ChannelOptions,
  ChannelStats,
  HealthReport,
  WireError,
} from '../stream/channel/channelProtocol.js';
