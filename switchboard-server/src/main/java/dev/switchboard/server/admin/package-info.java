/**
 * The admin API ({@code /api/admin/*}) and the dashboard page ({@code /dashboard}): what an
 * operator asks of a node — connections, topics, closes, per-second samples of the last minutes —
 * and what they do to it — publish, disconnect, drain. Everything is read from counters the
 * server keeps as it works; only the paged connection listing walks connections, once per request
 * and on their own event loops. Depends on {@code http} and {@code io}, never on {@code server}.
 */
package dev.switchboard.server.admin;
