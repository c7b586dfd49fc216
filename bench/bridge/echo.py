#!/usr/bin/env python3
"""A typical small websocketd program: each line read is written back at once."""
import sys

for line in sys.stdin:
    sys.stdout.write(line)
    sys.stdout.flush()
