/**
 * primeos/client — clients of `primeos serve`: `connect()` opens the `/v1/stream` WebSocket (multiplexed channels
 * with credit windows, acknowledgements, heartbeats, reconnect and resume; docs/PROTOCOL.md).
 * @packageDocumentation
 */
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
