/**
 * JUnit 5 integration of the channel test kit: {@link dev.switchboard.test.junit.ChannelTesterExtension}
 * gives each test a fresh {@link dev.switchboard.test.ChannelTester}, closes it afterwards and
 * attaches the wire transcript to failures. The only part of the kit that needs JUnit (an optional
 * dependency).
 */
package dev.switchboard.test.junit;
