# Shared by the bench scripts (sourced, not run).

# wait_for_port PORT: returns once something accepts connections on 127.0.0.1:PORT, fails after 30 s.
wait_for_port() {
  for _ in $(seq 1 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "nothing listens on port $1 after 30 s" >&2
  return 1
}
