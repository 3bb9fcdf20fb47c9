#!/usr/bin/env bash
# A real three-member etcd cluster on loopback ports, from Debian's etcd-server package: what the
# etcd datastore tests run Skiff servers on, and what `skiff-bench api --etcd` measures against.
#
#   scripts/etcd-cluster.sh start DIR [--tls]   start members m0 m1 m2 with data, logs and pids in DIR;
#                                               prints the endpoints (also in DIR/endpoints) once
#                                               every member is healthy. --tls makes a CA in DIR/pki
#                                               and requires client certificates (DIR/pki/client.pem).
#   scripts/etcd-cluster.sh stop DIR            stops the members (SIGTERM, then SIGKILL).
#   scripts/etcd-cluster.sh check               starts a cluster in a scratch directory, writes and
#                                               reads a key through each member, stops it (CI runs this).
#
# Members use etcd's default timing (100 ms heartbeats, election after 1 s): a killed leader is replaced
# within a few seconds.
set -euo pipefail

ETCD=${ETCD:-etcd}
ETCDCTL=${ETCDCTL:-etcdctl}
export ETCDCTL_API=3

free_ports() {
    python3 - "$1" <<'PY'
import socket, sys
sockets = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    sockets.append(s)
print(" ".join(str(s.getsockname()[1]) for s in sockets))
PY
}

make_pki() {
    local pki=$1
    mkdir -p "$pki"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=skiff-test-etcd-ca" \
        -keyout "$pki/ca-key.pem" -out "$pki/ca.pem" 2>/dev/null
    local name
    for name in server client; do
        openssl req -newkey rsa:2048 -nodes -subj "/CN=$name" -keyout "$pki/$name-key.pem" \
            -out "$pki/$name.csr" 2>/dev/null
        printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n' \
            >"$pki/$name.ext"
        openssl x509 -req -in "$pki/$name.csr" -CA "$pki/ca.pem" -CAkey "$pki/ca-key.pem" -CAcreateserial \
            -days 2 -extfile "$pki/$name.ext" -out "$pki/$name.pem" 2>/dev/null
    done
}

start() {
    local dir=$1 tls=${2:-}
    if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
        echo "$dir is not empty: start a cluster in a new directory" >&2
        exit 2
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    local scheme=http security=() ctl=()
    if [ "$tls" = "--tls" ]; then
        make_pki "$dir/pki"
        scheme=https
        security=(--client-cert-auth --trusted-ca-file "$dir/pki/ca.pem" --cert-file "$dir/pki/server.pem"
            --key-file "$dir/pki/server-key.pem")
        ctl=(--cacert "$dir/pki/ca.pem" --cert "$dir/pki/client.pem" --key "$dir/pki/client-key.pem")
    fi
    read -r -a ports <<<"$(free_ports 6)"
    local cluster="" endpoints="" i
    for i in 0 1 2; do
        cluster+="${cluster:+,}m$i=http://127.0.0.1:${ports[$((i + 3))]}"
        endpoints+="${endpoints:+,}127.0.0.1:${ports[$i]}"
    done
    for i in 0 1 2; do
        # The member must not hold the caller's descriptors (a test reading this script's output
        # to its end would wait for the member): close everything above standard error first.
        (
            for fd in /proc/$BASHPID/fd/*; do
                fd=${fd##*/}
                if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi
            done
            exec "$ETCD" --name "m$i" --data-dir "$dir/m$i" \
            --listen-client-urls "$scheme://127.0.0.1:${ports[$i]}" \
            --advertise-client-urls "$scheme://127.0.0.1:${ports[$i]}" \
            --listen-peer-urls "http://127.0.0.1:${ports[$((i + 3))]}" \
            --initial-advertise-peer-urls "http://127.0.0.1:${ports[$((i + 3))]}" \
            --initial-cluster "$cluster" --initial-cluster-state new --initial-cluster-token "skiff-$$" \
            --heartbeat-interval 100 --election-timeout 1000 "${security[@]}"
        ) >"$dir/m$i.log" 2>&1 </dev/null &
        echo $! >"$dir/m$i.pid"
        echo "127.0.0.1:${ports[$i]}" >"$dir/m$i.endpoint"
    done
    echo "$endpoints" >"$dir/endpoints"
    local deadline=$((SECONDS + 60))
    until "$ETCDCTL" "${ctl[@]}" --endpoints "$endpoints" --command-timeout 2s endpoint health >/dev/null 2>&1; do
        if [ $SECONDS -ge $deadline ]; then
            echo "etcd cluster in $dir did not become healthy; logs:" >&2
            tail -n 20 "$dir"/m*.log >&2
            stop "$dir"
            exit 1
        fi
        sleep 0.2
    done
    echo "$endpoints"
}

stop() {
    local dir=${1:?usage: stop DIR} pidfile pid
    for pidfile in "$dir"/m*.pid; do
        [ -e "$pidfile" ] || continue
        pid=$(cat "$pidfile")
        if grep -q etcd "/proc/$pid/cmdline" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
    done
    for pidfile in "$dir"/m*.pid; do
        [ -e "$pidfile" ] || continue
        pid=$(cat "$pidfile")
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        # Only a member still running (its pid not reused by something else) gets SIGKILL.
        if kill -0 "$pid" 2>/dev/null && grep -q etcd "/proc/$pid/cmdline" 2>/dev/null; then
            kill -9 "$pid" 2>/dev/null || true
        fi
        rm -f "$pidfile"
    done
}

check() {
    check_dir=$(mktemp -d "${TMPDIR:-/tmp}/skiff-etcd-check.XXXXXX")
    trap 'stop "$check_dir"; rm -rf "$check_dir"' EXIT
    local dir=$check_dir
    local endpoints
    endpoints=$(start "$dir")
    local endpoint
    for endpoint in ${endpoints//,/ }; do
        "$ETCDCTL" --endpoints "$endpoint" put "/check/$endpoint" ok >/dev/null
    done
    local count
    count=$("$ETCDCTL" --endpoints "$endpoints" get --prefix /check/ --keys-only | grep -c '^/check/' || true)
    if [ "$count" != "3" ]; then
        echo "etcd cluster check: expected 3 keys, read $count" >&2
        exit 1
    fi
    echo "etcd cluster check: 3 members healthy at $endpoints ($("$ETCD" --version | head -n 1))"
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) shift; stop "$@" ;;
    check) check ;;
    *) echo "usage: $0 start DIR [--tls] | stop DIR | check" >&2; exit 2 ;;
esac
