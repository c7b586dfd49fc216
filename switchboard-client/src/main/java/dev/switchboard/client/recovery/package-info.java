/**
 * The client's side of Switchboard's recovery extension ({@code RECOVERY.md}): message positions
 * ({@code "<offset>@<epoch>"} in the {@code ref} slot), the {@code recover} join param, the
 * {@code recovery} object of a join reply, and deduplication so that the application sees every
 * message exactly once. Pure logic, driven by a channel; no I/O.
 */
package dev.switchboard.client.recovery;
