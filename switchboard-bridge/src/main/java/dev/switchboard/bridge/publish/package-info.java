/**
 * The publisher ({@code switchboard publish}): a program's output, or any stream of lines,
 * published line by line to a topic through a running server's HTTP publish API.
 *
 * <p>{@link dev.switchboard.bridge.publish.LinePublisher} reads the lines a per-topic program
 * would write ({@link dev.switchboard.bridge.channel.ProgramOutput}: JSON objects, or plain
 * lines), batches them ({@code POST /api/broadcast}, in order, up to 1,000 a request, at most a
 * few milliseconds late), and holds the reader back while a batch is on its way, so a fast
 * program is slowed down rather than buffered without bound. Lines that cannot be published are
 * reported on the error stream with the reason and counted.
 */
package dev.switchboard.bridge.publish;
