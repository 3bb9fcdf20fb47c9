/// The POSIX sh script that leads each container's process group.
///
/// Invoked as `/bin/sh -c SCRIPT sh <exitFile> <cgroupProcsFile or -> <argv...>`. It joins the cgroup, runs the
/// command in the background, forwards TERM and INT to it, waits until it is really gone, then writes its exit
/// status to the exit file (temp + mv) so that the status can be learned after a supervisor restart.
///
/// `wait` returns early (128+N) when a trapped signal arrives, so the loop waits again while the command is
/// alive; dash keeps a finished job in its table, so the final `wait` returns the command's real status at once,
/// even when dash reaped it while a trap ran.
enum ShimScript {
    static let text = """
        exit_file=$1
        procs=$2
        shift 2
        child=
        sig=
        trapped=
        trap 'sig=TERM; trapped=1; [ -n "$child" ] && kill -TERM "$child" 2>/dev/null' TERM
        trap 'sig=INT; trapped=1; [ -n "$child" ] && kill -INT "$child" 2>/dev/null' INT
        if [ "$procs" != "-" ]; then
            echo $$ > "$procs" || echo "skiff-shim: cannot join the cgroup $procs" >&2
        fi
        "$@" &
        child=$!
        [ -n "$sig" ] && kill -"$sig" "$child" 2>/dev/null
        while :; do
            trapped=
            wait "$child"
            [ -n "$trapped" ] || break
            kill -0 "$child" 2>/dev/null || break
        done
        wait "$child"
        status=$?
        echo "$status" > "$exit_file.tmp"
        command -p mv -f "$exit_file.tmp" "$exit_file"
        exit "$status"
        """
}
