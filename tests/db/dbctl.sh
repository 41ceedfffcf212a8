#!/usr/bin/env bash
# Throw-away database servers for the ODBC tests: a PostgreSQL 15 and a MariaDB 10.11 on free
# ports of 127.0.0.1, each in a temporary directory, loaded with the small HIS of this folder
# (his_tables.sql and his_data.sql in both, then his_pg.sql or his_mariadb.sql). Nothing of the machine's own configuration is used (no /etc/odbcinst.ini, no
# /etc/mysql, no cluster of postgresql-common): the connection strings name the drivers' files.
#
#   dbctl.sh start STATE         both servers; STATE (KEY=value lines) says where they are
#   dbctl.sh stop STATE          both servers stopped, their directory removed
#   dbctl.sh stop-one pg|mariadb STATE    one server stopped, data kept (a "database restart")
#   dbctl.sh start-one pg|mariadb STATE   started again on the same port with the same data
#
# Missing packages are an error, never a skip: install them with scripts/install-deps.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cmd=${1:?usage: dbctl.sh start|stop|stop-one|start-one ...}

die() { echo "dbctl: $*" >&2; exit 1; }

# The password travels only in the connection strings; tests check it never shows in a message.
HIS_PASSWORD='Hs!pw-7Qz;x'

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
  local b
  for b in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [ -x "$b/pg_ctl" ] && { echo "$b"; return; }
  done
  die "PostgreSQL server not installed (Debian package postgresql)"
}

odbc_driver() {  # the driver's shared object, wherever the architecture puts it
  local f
  for f in /usr/lib/*/odbc/"$1" /usr/lib/odbc/"$1" /usr/lib64/"$1"; do
    [ -f "$f" ] && { echo "$f"; return; }
  done
  die "ODBC driver $1 not installed (Debian package $2)"
}

free_port() {
  # Below the kernel's range of ephemeral ports: a port some client is using as its own end
  # accepts no connection (so it looks free) yet cannot be bound.
  local p low
  low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  for _ in $(seq 1 50); do
    p=$(( 10000 + RANDOM % (low - 10000) ))
    (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo "$p"; return; }
  done
  die "no free port"
}

pg_start() {  # dir port
  local bin; bin=$(pg_bin)
  as_postgres "$bin/pg_ctl" -D "$1/pg" -l "$1/pg/server.log" -w -t 60 \
    -o "-p $2 -k $1/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60" \
    start >/dev/null || { cat "$1/pg/server.log" >&2; die "PostgreSQL did not start"; }
}

pg_stop() {  # dir
  local bin; bin=$(pg_bin)
  [ -f "$1/pg/postmaster.pid" ] && as_postgres "$bin/pg_ctl" -D "$1/pg" -m fast -w stop >/dev/null || true
}

pg_create() {  # dir port
  local bin; bin=$(pg_bin)
  mkdir -p "$1/pg" && chmod 755 "$1"
  [ "$(id -u)" = 0 ] && chown postgres "$1/pg"
  # Passwords over TCP (as a HIS server would ask), trust on the private socket for loading.
  as_postgres "$bin/initdb" -D "$1/pg" -U postgres -E UTF8 --locale=C.UTF-8 -N \
    --auth-local=trust --auth-host=scram-sha-256 >"$1/pg-initdb.log" 2>&1 || { cat "$1/pg-initdb.log" >&2; die "initdb failed"; }
  pg_start "$1" "$2"
  local psql=("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$1/pg" -p "$2")
  as_postgres "${psql[@]}" -U postgres -d postgres \
    -c "CREATE ROLE his LOGIN PASSWORD '$HIS_PASSWORD'" -c "CREATE DATABASE his OWNER his ENCODING 'UTF8' TEMPLATE template0" >/dev/null
  as_postgres "${psql[@]}" -U his -d his -f "$here/his_tables.sql" -f "$here/his_data.sql" -f "$here/his_pg.sql" >/dev/null
}

maria_start() {  # dir port
  command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || die "MariaDB server not installed (Debian package mariadb-server)"
  local d=$1
  (PATH=$PATH:/usr/sbin exec mariadbd --no-defaults --user=root --datadir="$d/maria" --port="$2" --bind-address=127.0.0.1 \
     --socket="$d/maria.sock" --pid-file="$d/maria.pid" --log-error="$d/maria.err" --skip-log-bin --skip-name-resolve \
     --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci --innodb-buffer-pool-size=32M \
     --innodb-log-file-size=16M --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --max-connections=100 \
     --performance-schema=OFF --group-concat-max-len=4194304) </dev/null >/dev/null 2>&1 &
  for _ in $(seq 1 600); do  # a minute at most: a loaded machine may be slow, a healthy one takes a second
    mariadb-admin --no-defaults --socket="$d/maria.sock" -uroot ping >/dev/null 2>&1 && return
    sleep 0.1
  done
  cat "$d/maria.err" >&2
  die "MariaDB did not start"
}

maria_stop() {  # dir
  local pid
  [ -f "$1/maria.pid" ] || return 0
  pid=$(cat "$1/maria.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || { rm -f "$1/maria.pid"; return; }; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$1/maria.pid"
}

maria_create() {  # dir port
  command -v mariadb-install-db >/dev/null || die "MariaDB server not installed (Debian package mariadb-server)"
  mariadb-install-db --no-defaults --user=root --datadir="$1/maria" --auth-root-authentication-method=socket \
    --skip-test-db >"$1/maria-install.log" 2>&1 || { cat "$1/maria-install.log" >&2; die "mariadb-install-db failed"; }
  maria_start "$1" "$2"
  local sql=(mariadb --no-defaults --socket="$1/maria.sock" -uroot)
  "${sql[@]}" -e "CREATE DATABASE his CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
                  CREATE USER 'his'@'127.0.0.1' IDENTIFIED BY '$HIS_PASSWORD';
                  GRANT ALL ON his.* TO 'his'@'127.0.0.1';"
  # Loaded as his, over TCP as the handler connects: the procedures run as their definer, and
  # the handler's KILL QUERY at a deadline may only stop what runs as its own user.
  cat "$here/his_tables.sql" "$here/his_data.sql" "$here/his_mariadb.sql" |
    mariadb --no-defaults -h 127.0.0.1 -P "$2" -u his -p"$HIS_PASSWORD" his
}

write_state() {  # state dir pg_port maria_port
  local pgdrv mariadrv
  pgdrv=$(odbc_driver psqlodbcw.so odbc-postgresql)
  mariadrv=$(odbc_driver libmaodbc.so odbc-mariadb)
  cat >"$1" <<EOF
DIR=$2
PG_PORT=$3
MARIADB_PORT=$4
PG=Driver=$pgdrv;Server=127.0.0.1;Port=$3;Database=his;UID=his;PWD={$HIS_PASSWORD};
MARIADB=Driver=$mariadrv;Server=127.0.0.1;Port=$4;Database=his;UID=his;PWD={$HIS_PASSWORD};
PASSWORD=$HIS_PASSWORD
EOF
}

state_get() { sed -n "s/^$2=//p" "$1"; }

case "$cmd" in
  start)
    state=${2:?state file}
    [ -f "$state" ] && "$0" stop "$state"
    odbc_driver psqlodbcw.so odbc-postgresql >/dev/null
    odbc_driver libmaodbc.so odbc-mariadb >/dev/null
    # A port taken between the check and the bind fails a start-up: then again, on other ports.
    for attempt in 1 2 3; do
      dir=$(mktemp -d /tmp/onetrans-db.XXXXXX)
      pg_port=$(free_port); maria_port=$(free_port)
      while [ "$maria_port" = "$pg_port" ]; do maria_port=$(free_port); done
      write_state "$state" "$dir" "$pg_port" "$maria_port"
      # Both at once: the two start-ups are most of the time these tests add to a CI run.
      pg_create "$dir" "$pg_port" & pg=$!
      maria_create "$dir" "$maria_port" & maria=$!
      ok=1
      wait "$pg" || ok=0
      wait "$maria" || ok=0
      [ "$ok" = 1 ] && break
      "$0" stop "$state"
      [ "$attempt" = 3 ] && die "could not start the test databases"
      echo "dbctl: start-up failed, trying other ports" >&2
    done
    echo "PostgreSQL on 127.0.0.1:$pg_port, MariaDB on 127.0.0.1:$maria_port ($dir)"
    ;;
  stop)
    state=${2:?state file}
    [ -f "$state" ] || exit 0
    dir=$(state_get "$state" DIR)
    if [ -n "$dir" ] && [ -d "$dir" ]; then
      pg_stop "$dir"; maria_stop "$dir"
      case "$dir" in /tmp/onetrans-db.*) rm -rf "$dir" ;; esac
    fi
    rm -f "$state"
    ;;
  stop-one|start-one)
    which=${2:?pg|mariadb}; state=${3:?state file}
    dir=$(state_get "$state" DIR)
    case "$cmd-$which" in
      stop-one-pg) pg_stop "$dir" ;;
      stop-one-mariadb) maria_stop "$dir" ;;
      start-one-pg) pg_start "$dir" "$(state_get "$state" PG_PORT)" ;;
      start-one-mariadb) maria_start "$dir" "$(state_get "$state" MARIADB_PORT)" ;;
      *) die "unknown server $which" ;;
    esac
    ;;
  *) die "unknown command $cmd" ;;
esac
