/**
 * The bench's WebSocket client: a few Netty event loops, connections spread over loopback source
 * addresses, V2 JSON frames built as text and read by a scanner instead of a JSON parser.
 */
package dev.switchboard.cli.bench.client;
