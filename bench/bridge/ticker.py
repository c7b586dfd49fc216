#!/usr/bin/env python3
"""A per-topic source for `switchboard bench listen`: prints {"n": N, "us": MICROS} lines (a counter
and the send time in microseconds since the epoch). The rate comes from the topic the bridge gives
it in SWITCHBOARD_TOPIC: tick:500 prints 500 lines a second, tick:0 as fast as the pipe takes them.
Each line is flushed as it is printed (a pipe would otherwise hold them in a 8 KiB buffer)."""
import os
import sys
import time

topic = os.environ.get("SWITCHBOARD_TOPIC", "")
rate = float(topic.rsplit(":", 1)[1]) if ":" in topic else float(sys.argv[1] if len(sys.argv) > 1 else 0)
write = sys.stdout.write
flush = sys.stdout.flush
n = 0
if rate <= 0:
    while True:
        n += 1
        write('{"n":%d,"us":%d}\n' % (n, time.time() * 1e6))
        flush()
else:
    interval = 1.0 / rate
    next_at = time.monotonic()
    while True:
        n += 1
        write('{"n":%d,"us":%d}\n' % (n, time.time() * 1e6))
        flush()
        next_at += interval
        delay = next_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
