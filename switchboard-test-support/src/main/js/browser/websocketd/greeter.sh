#!/bin/bash
# A program written for websocketd: reads one line (a name), greets, counts to three and exits,
# which ends the connection. It also echoes two CGI variables websocketd sets.
read -r name
echo "Hello, $name!"
echo "query: $QUERY_STRING, from: $REMOTE_ADDR"
for i in 1 2 3; do
  echo "$i"
  sleep 0.1
done
echo "Bye."
