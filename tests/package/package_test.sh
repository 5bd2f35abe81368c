#!/bin/bash
# The Debian package, made by cpack from a build tree that is already built (make test's build/,
# sanitized, so the package's Depends also name libasan; `make package` makes the real one in
# build-package/): its control data, file list and maintainer scripts, then the unpacked tree
# itself: the unpacked server with the unpacked configuration serves /healthz and the unpacked
# web client, and the unpacked CLI talks to it. No root and no running systemd needed.
#
# usage: package_test.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -euo pipefail

build=$(realpath "$1")
source_dir=$(realpath "$2")
work=$3
rm -rf "$work"
mkdir -p "$work"
work=$(realpath "$work")

server_pid=
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
check() {  # check DESCRIPTION COMMAND...: one named assertion
    local what=$1
    shift
    if "$@"; then echo "ok: $what"; else fail "$what"; fi
}

# ---- Build the package from the built tree -------------------------------------------------
# gzip instead of xz: a sanitized binary is large, and this package is only looked at.
echo "== cpack"
timeout 240 "${CPACK:-cpack}" --config "$build/CPackConfig.cmake" -B "$work/out" \
    -D CPACK_DEBIAN_COMPRESSION_TYPE=gzip >"$work/cpack.log" 2>&1 || {
    cat "$work/cpack.log" >&2
    exit 1
}
shopt -s nullglob
debs=("$work"/out/traffpunkt_*.deb)
ddebs=("$work"/out/traffpunkt-dbgsym_*.ddeb)
shopt -u nullglob
[ ${#debs[@]} -eq 1 ] || { echo "FAIL: expected one traffpunkt_*.deb, got ${#debs[@]}" >&2; exit 1; }
deb=${debs[0]}
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"
check "a debug symbols package (traffpunkt-dbgsym_*.ddeb) is made too" [ ${#ddebs[@]} -eq 1 ]

# ---- Control data ------------------------------------------------------------------------
echo "== control"
field() { dpkg-deb -f "$deb" "$1"; }
changelog_version=$(sed -n '1s/^traffpunkt (\([^)]*\)).*/\1/p' "$source_dir/packaging/debian/changelog")
check "Package is traffpunkt" [ "$(field Package)" = traffpunkt ]
check "Version $(field Version) is the changelog's $changelog_version" \
    [ "$(field Version)" = "$changelog_version" ]
check "Architecture is dpkg's ($(dpkg --print-architecture))" \
    [ "$(field Architecture)" = "$(dpkg --print-architecture)" ]
check "Maintainer is set" [ -n "$(field Maintainer)" ]
depends=$(field Depends)
echo "Depends: $depends"
# From dpkg-shlibdeps, so apt pulls in the libraries; adduser for postinst.
depends_names=$(tr ',' '\n' <<<"$depends" | sed 's/^ *//; s/ .*//')
for dep in adduser libc6 libstdc++6 libsqlite3-0 libical3 libssl3 libcurl4 libgmime-3.0-0 \
           libqrencode4 libspdlog1.10-fmt9 libboost-json1.81.0 libtomlplusplus3; do
    check "Depends names $dep" grep -qxF "$dep" <<<"$depends_names"
done

dpkg-deb -e "$deb" "$work/control"
members=$(cd "$work/control" && ls | sort | tr '\n' ' ')
check "control members are conffiles control md5sums postinst postrm prerm ($members)" \
    [ "$members" = "conffiles control md5sums postinst postrm prerm " ]
check "the one conffile is /etc/traffpunkt/traffpunkt.toml" \
    [ "$(cat "$work/control/conffiles")" = /etc/traffpunkt/traffpunkt.toml ]
for script in postinst prerm postrm; do
    f=$work/control/$script
    check "$script is 0755" [ "$(stat -c %a "$f")" = 755 ]
    check "$script starts with #!/bin/sh" [ "$(head -1 "$f")" = "#!/bin/sh" ]
    check "$script parses (sh -n)" sh -n "$f"
    check "$script uses set -e" grep -qx 'set -e' "$f"
done

# ---- Files -------------------------------------------------------------------------------
echo "== files"
dpkg-deb -c "$deb" >"$work/contents"
# "perms owner/group size date time path"; -> "perms owner path" for the checks below.
awk '{ print $1, $2, $6 }' "$work/contents" | sed 's| \./| /|; s|/$||' >"$work/files"
check "every entry is owned by root/root" \
    bash -c "awk '\$2 != \"root/root\"' '$work/files' | grep -q . && exit 1 || exit 0"
allowed='^/(|usr|usr/bin|usr/bin/traffpunkt|usr/bin/traffpunkt-cli|usr/share|usr/share/traffpunkt|usr/share/traffpunkt/web(/.*)?|usr/share/doc|usr/share/doc/traffpunkt(/.*)?|usr/share/man|usr/share/man/man1|usr/share/man/man1/traffpunkt(-cli)?\.1\.gz|usr/share/lintian|usr/share/lintian/overrides|usr/share/lintian/overrides/traffpunkt|etc|etc/traffpunkt|etc/traffpunkt/traffpunkt.toml|lib|lib/systemd|lib/systemd/system|lib/systemd/system/traffpunkt.service)$'
unexpected=$(awk '{ print $3 }' "$work/files" | grep -Ev "$allowed" || true)
check "nothing outside the expected paths${unexpected:+ (got: $unexpected)}" [ -z "$unexpected" ]
for path in /usr/bin/traffpunkt /usr/bin/traffpunkt-cli /etc/traffpunkt/traffpunkt.toml \
            /lib/systemd/system/traffpunkt.service /usr/share/traffpunkt/web/index.html \
            /usr/share/doc/traffpunkt/copyright /usr/share/doc/traffpunkt/changelog.Debian.gz \
            /usr/share/doc/traffpunkt/examples/example-production.toml \
            /usr/share/doc/traffpunkt/examples/prometheus-alerts.yml \
            /usr/share/doc/traffpunkt/examples/grafana-dashboard.json \
            /usr/share/man/man1/traffpunkt.1.gz /usr/share/man/man1/traffpunkt-cli.1.gz \
            /usr/share/lintian/overrides/traffpunkt; do
    check "ships $path" grep -q " $path\$" "$work/files"
done
mode_of() { awk -v p="$1" '$3 == p { print $1 }' "$work/files"; }
check "programs are -rwxr-xr-x" \
    [ "$(mode_of /usr/bin/traffpunkt)$(mode_of /usr/bin/traffpunkt-cli)" = "-rwxr-xr-x-rwxr-xr-x" ]
odd_modes=$(awk '($1 ~ /^d/ && $1 != "drwxr-xr-x") || ($1 ~ /^-/ && $3 !~ /^\/usr\/bin\// && $1 != "-rw-r--r--")' \
    "$work/files")
check "directories 0755, data files 0644${odd_modes:+ (got: $odd_modes)}" [ -z "$odd_modes" ]
# The whole web client, as it is in the tree.
missing_web=$(cd "$source_dir/clients/web" &&
    find . -type f ! -name '.*' ! -name '*~' | sed 's|^\.|/usr/share/traffpunkt/web|' | sort |
    while read -r f; do grep -q " $f\$" "$work/files" || echo "$f"; done)
check "every file of clients/web is shipped${missing_web:+ (missing: $missing_web)}" [ -z "$missing_web" ]

# ---- The unpacked tree -------------------------------------------------------------------
echo "== unpacked"
root=$work/root
dpkg-deb -x "$deb" "$root"
for program in traffpunkt traffpunkt-cli; do
    check "$program is stripped, with a debuglink to its dbgsym" \
        bash -c "! readelf -S '$root/usr/bin/$program' | grep -q '\.debug_info' &&
                 readelf -S '$root/usr/bin/$program' | grep -q '\.gnu_debuglink'"
done
unit=$root/lib/systemd/system/traffpunkt.service
config=$root/etc/traffpunkt/traffpunkt.toml
unit_value() { sed -n "s/^$1=//p" "$unit"; }
toml_value() { sed -n "s/^$1 = \"\\(.*\\)\"\$/\\1/p" "$config"; }
exec_start=$(unit_value ExecStart)
check "ExecStart ($exec_start) runs the shipped server with the shipped config" \
    [ "$exec_start" = "/usr/bin/traffpunkt --config /etc/traffpunkt/traffpunkt.toml" ]
check "the unit runs as User=traffpunkt" [ "$(unit_value User)" = traffpunkt ]
data_dir=$(toml_value data_dir)
check "data_dir is /var/lib/traffpunkt" [ "$data_dir" = /var/lib/traffpunkt ]
check "the unit may write data_dir and nothing else (ReadWritePaths=$data_dir)" \
    [ "$(unit_value ReadWritePaths) $(unit_value ProtectSystem)" = "$data_dir strict" ]
web_root=$(toml_value web_root)
check "web_root ($web_root) is where the web client is installed" \
    test "$web_root" = /usr/share/traffpunkt/web -a -f "$root$web_root/index.html"
check "listen is loopback ($(toml_value listen))" grep -q '^listen = "127\.0\.0\.1:' "$config"
check "log_format is json (one object per line in the journal)" [ "$(toml_value log_format)" = json ]
check "the configuration is config/traffpunkt.toml with those three lines changed" \
    bash -c "diff <(grep -v '^#' '$source_dir/config/traffpunkt.toml') <(grep -v '^#' '$config') |
             grep -c '^>' | grep -qx 3"

# The unpacked server with a copy of the unpacked configuration whose two paths point into this
# test's tree: data_dir at an empty directory, web_root at the unpacked web client.
test_config=$work/traffpunkt.toml
sed -e "s|^data_dir = \".*\"\$|data_dir = \"$work/data\"|" \
    -e "s|^web_root = \".*\"\$|web_root = \"$root$web_root\"|" "$config" >"$test_config"
check "the test's copy differs in exactly data_dir and web_root" \
    bash -c "diff '$config' '$test_config' | grep -c '^>' | grep -qx 2"
mkdir -m 0750 "$work/data"
server=$root/usr/bin/traffpunkt
cli=$root/usr/bin/traffpunkt-cli

# Started as the unit's MemoryDenyWriteExecute= would: the kernel's PR_SET_MDWE (Linux 6.3+, the
# same rule, inherited across exec) refuses every mapping that is or becomes writable and
# executable, so a library that needs one fails here and not in production.
mdwe_exec=(/usr/bin/python3 -c '
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN = 65, 1
if libc.prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0) != 0:
    print("PR_SET_MDWE unavailable:", os.strerror(ctypes.get_errno()), file=sys.stderr)
    sys.exit(77)
os.execv(sys.argv[1], sys.argv[1:])')
if "${mdwe_exec[@]}" /bin/true 2>/dev/null; then
    echo "the unpacked server runs with W+X mappings refused (PR_SET_MDWE)"
else
    echo "note: this kernel has no PR_SET_MDWE; MemoryDenyWriteExecute is not exercised"
    mdwe_exec=()
fi
"${mdwe_exec[@]}" "$server" --config "$test_config" --listen 127.0.0.1:0 \
    --ready-file "$work/ready" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 300); do
    [ -s "$work/ready" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
if [ ! -s "$work/ready" ]; then
    cat "$work/server.log" >&2
    echo "FAIL: the unpacked server did not start within 30 s" >&2
    exit 1
fi
address=$(head -1 "$work/ready")
echo "unpacked server on $address"

http_status() { curl -s -m 10 -o "$work/body" -w '%{http_code}' "http://$address$1"; }
check "GET /healthz answers 200" [ "$(http_status /healthz)" = 200 ]
check "/healthz says ok" grep -q '"status":"ok"' "$work/body"
check "GET / answers 200" [ "$(http_status /)" = 200 ]
check "/ is the unpacked web client's index.html" cmp -s "$work/body" "$root$web_root/index.html"
check "GET /app.js is the unpacked one" \
    bash -c "[ \"\$(curl -s -m 10 -o '$work/app.js' -w '%{http_code}' 'http://$address/app.js')\" = 200 ] &&
             cmp -s '$work/app.js' '$root$web_root/app.js'"
check "GET /metrics answers 200 on loopback" [ "$(http_status /metrics)" = 200 ]

# The administrator's path: a token from the installed binary and configuration, then the CLI.
token=$("$server" --config "$test_config" token create --role coordinator --name package-test \
    2>>"$work/server.log")
check "token create with the installed configuration prints a token" [ -n "$token" ]
check "the CLI creates a network through the unpacked server" \
    bash -c "TRAFFPUNKT_TOKEN='$token' timeout 30 '$cli' --url 'ws://$address/ws' call network.create \
             '{\"name\":\"Paketprov\",\"starts_on\":\"2026-01-01\",\"ends_on\":\"2027-12-31\"}' >'$work/created'"
check "the CLI lists it" \
    bash -c "TRAFFPUNKT_TOKEN='$token' timeout 30 '$cli' --url 'ws://$address/ws' call network.list |
             grep -q Paketprov"
check "the database is in data_dir" bash -c "ls '$work/data' | grep -q ."

kill -TERM "$server_pid"
status=0
for _ in $(seq 200); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$server_pid" 2>/dev/null; then
    fail "the server did not stop within 20 s of SIGTERM"
else
    wait "$server_pid" || status=$?
    check "the server stops on SIGTERM with status 0 (got $status)" [ "$status" = 0 ]
fi
server_pid=
check "the log is JSON lines (log_format json)" \
    bash -c "grep -v '^==' '$work/server.log' | head -5 | grep -q '^{\"' "

# ---- Maintainer scripts, against the unpacked tree -----------------------------------------
# Commands that change the system are stubs recording their arguments; DPKG_ROOT points the
# directory the scripts make into the unpacked tree.
echo "== maintainer scripts"
stubs=$work/stubs
mkdir -p "$stubs"
for command in adduser deluser chown dpkg-statoverride deb-systemd-helper deb-systemd-invoke \
               systemctl; do
    cat >"$stubs/$command" <<EOF
#!/bin/sh
echo "$command \$*" >>"$work/calls"
case "$command \$1" in
    "dpkg-statoverride --list") exit 1 ;;  # no override
    "deb-systemd-helper debian-installed") exit 1 ;;  # never installed before
    "deb-systemd-helper --quiet") exit 1 ;;  # was-enabled: no
esac
exit 0
EOF
    chmod +x "$stubs/$command"
done
run_script() {  # run_script SCRIPT ARGS...: the script as dpkg would call it, stubs first
    : >"$work/calls"
    env PATH="$stubs:$PATH" DPKG_ROOT="$root" sh "$work/control/$1" "${@:2}"
}
check "postinst configure (installation) succeeds" run_script postinst configure
check "postinst creates the system user traffpunkt with home /var/lib/traffpunkt" \
    grep -q '^adduser --system --group --home /var/lib/traffpunkt .*traffpunkt$' "$work/calls"
check "postinst makes /var/lib/traffpunkt 0750" [ "$(stat -c %a "$root/var/lib/traffpunkt")" = 750 ]
check "postinst gives it to traffpunkt:traffpunkt" \
    grep -qx "chown traffpunkt:traffpunkt $root/var/lib/traffpunkt" "$work/calls"
check "postinst registers the unit for purge (update-state)" \
    grep -qx 'deb-systemd-helper update-state traffpunkt.service' "$work/calls"
check "postinst neither enables nor starts the unit on installation" \
    bash -c "! grep -Eq 'deb-systemd-helper enable|deb-systemd-invoke (start|restart)' '$work/calls'"
check "postinst configure (upgrade from $changelog_version) succeeds" \
    run_script postinst configure "$changelog_version"
if run_script postinst bogus 2>/dev/null; then
    fail "postinst accepts an unknown action"
else
    echo "ok: postinst rejects an unknown action"
fi
check "prerm remove succeeds" run_script prerm remove
check "prerm upgrade succeeds" run_script prerm upgrade "$changelog_version"
echo "database" >"$root/var/lib/traffpunkt/traffpunkt.db"
check "postrm remove succeeds" run_script postrm remove
check "postrm remove masks the unit" grep -qx 'deb-systemd-helper mask traffpunkt.service' "$work/calls"
check "postrm purge succeeds" run_script postrm purge
check "postrm purge forgets the unit's state" \
    grep -qx 'deb-systemd-helper purge traffpunkt.service' "$work/calls"
check "purge keeps the data directory" [ -f "$root/var/lib/traffpunkt/traffpunkt.db" ]
check "purge keeps the system user" bash -c "! grep -q '^deluser' '$work/calls'"

# ---- The unit, as far as systemd-analyze can look at it without a running systemd ----------
if command -v systemd-analyze >/dev/null; then
    echo "== systemd-analyze"
    # verify checks that ExecStart's program exists, and resolves the unit's dependencies among
    # the host's units (which --root would hide): a copy whose ExecStart names the unpacked one.
    sed "s|^ExecStart=/usr/bin/traffpunkt |ExecStart=$server |" "$unit" >"$work/traffpunkt.service"
    check "systemd-analyze verify finds no problem" \
        bash -c "systemd-analyze verify '$work/traffpunkt.service' >'$work/verify.log' 2>&1 &&
                 ! grep -q . '$work/verify.log' || { cat '$work/verify.log'; exit 1; }"
    # Exposure from 0 (locked down) to 10, where systemd calls 1.0-4.9 "OK"; the unit rates 1.1
    # with Debian 12's systemd 252. --threshold is in tenths: at most 2.0, so that a weakened
    # sandbox fails here.
    systemd-analyze security --offline=true --root="$root" traffpunkt.service \
        >"$work/security.log" 2>&1 || true
    tail -1 "$work/security.log"
    check "systemd-analyze security rates the unit's exposure at most 2.0" \
        bash -c "systemd-analyze security --offline=true --root='$root' --threshold=20 \
                 traffpunkt.service >/dev/null 2>&1"
fi

# ---- lintian, when installed (it is not in the Makefile's PACKAGES; `make package-lint`) ------
if command -v lintian >/dev/null; then
    echo "== lintian"
    if lintian --fail-on error,warning --display-info "$deb" >"$work/lintian.log" 2>&1; then
        echo "ok: lintian finds no error or warning (packaging/debian/lintian-overrides: the rest)"
    else
        fail "lintian finds errors or warnings"
    fi
    cat "$work/lintian.log"
else
    echo "lintian is not installed: not run (make package-lint installs and runs it)"
fi

echo
if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
fi
rm -rf "$work/out/_CPack_Packages"  # cpack's staging tree: copies of the unstripped binaries
echo "all package checks passed"
