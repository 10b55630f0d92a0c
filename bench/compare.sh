#!/usr/bin/env bash
# bench/compare.sh [N ...]   (default: 1000 10000)
#
# Builds the same synthetic landing pages with journey and with Hugo,
# alternately, RUNS times each (default 3), writing to tmpfs (/dev/shm) so
# the disk's noise stays out, then once more each to disk for the record.
# Prints wall time, pages per second and peak RSS (from /usr/bin/time -v)
# of the median run, and journey's ratios to Hugo. Installs Hugo from
# Debian's packages when it is missing. HUGO=0 measures journey alone (for
# N=100000, where Hugo needs many GB).
#
# The Hugo site always has the Hugo layouts of bench/minimal. Two
# comparisons, picked with THEME for the journey site:
#   bench/compare.sh 1000 10000
#     journey's default theme against them: the tools as a user meets
#     them, journey's theme included.
#   THEME=minimal bench/compare.sh 1000 10000
#     the minimal journey theme of bench/minimal, which writes the same
#     landing page markup as those Hugo layouts (go test ./bench/...
#     checks it): the engines alone. That site writes no team workspace;
#     journey's other campaign pages keep the default theme.
#
# Before the timed runs, journey builds each site once with an empty
# .journey/ cache (the images it encodes, such as sharing cards), printed
# as "tmpfs cold"; the medians are of the warm builds after it.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
runs=${RUNS:-3}
theme=${THEME:-default}

hugo=${HUGO:-1}
if [ "$hugo" = 1 ] && ! command -v hugo >/dev/null 2>&1; then
  echo "installing hugo from Debian's packages" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null
fi
[ -x /usr/bin/time ] || { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }

work=/dev/shm/journey-bench
disk=${DISK_DIR:-/var/tmp/journey-bench}
rm -rf "$work" "$disk"
mkdir -p "$work" "$disk"
go build -o "$work/journey" ./cmd/journey
echo "journey $(git describe --always --dirty 2>/dev/null || echo dev), theme $theme, $([ "$hugo" = 1 ] && hugo version | cut -d' ' -f1-2 || echo "no hugo"), $(nproc) CPUs" >&2

# measure OUT CMD...: runs CMD under /usr/bin/time -v, prints "seconds kilobytes".
measure() {
  local out=$1; shift
  rm -rf "$out"
  /usr/bin/time -v "$@" >/dev/null 2>"$work/time.log" || { cat "$work/time.log" >&2; exit 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.log")
  echo "$wall $rss"
}

# row TOOL PAGES WHERE SECONDS KILOBYTES: one line of the table.
row() {
  awk -v t="$1" -v p="$2" -v where="$3" -v w="$4" -v m="$5" 'BEGIN { printf "%-8s %7d %10s %7.2fs %10.0f %7.0fMB\n", t, p, where, w, p/w, m/1024 }'
}

median() { sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'; }

printf '%-8s %7s %10s %8s %10s %9s\n' tool pages where wall pages/s peakRSS
for n in "${sizes[@]}"; do
  go run ./bench/cmd/synth -n "$n" -theme "$theme" -o "$work/$n"
  # The cold build: nothing cached yet in the site's .journey/.
  rm -rf "$work/$n/journey/.journey"
  read -r cw cr < <(measure "$work/$n/journey-out" "$work/journey" build --quiet -s "$work/$n/journey" -d "$work/$n/journey-out")
  jt=() ht=() jr=() hr=()
  for ((i = 0; i < runs; i++)); do
    read -r w r < <(measure "$work/$n/journey-out" "$work/journey" build --quiet -s "$work/$n/journey" -d "$work/$n/journey-out")
    jt+=("$w"); jr+=("$r")
    [ "$hugo" = 1 ] || continue
    read -r w r < <(measure "$work/$n/hugo-out" hugo --quiet -s "$work/$n/hugo" -d "$work/$n/hugo-out")
    ht+=("$w"); hr+=("$r")
  done
  jpages=$(find "$work/$n/journey-out" -name '*.html' | wc -l)
  jw=$(printf '%s\n' "${jt[@]}" | median); jm=$(printf '%s\n' "${jr[@]}" | median)
  row journey "$jpages" "tmpfs cold" "$cw" "$cr"
  if [ "$hugo" != 1 ]; then
    row journey "$jpages" tmpfs "$jw" "$jm"
    rm -rf "$work/$n"
    continue
  fi
  hpages=$(find "$work/$n/hugo-out" -name '*.html' | wc -l)
  hw=$(printf '%s\n' "${ht[@]}" | median); hm=$(printf '%s\n' "${hr[@]}" | median)
  row journey "$jpages" tmpfs "$jw" "$jm"
  row hugo "$hpages" tmpfs "$hw" "$hm"
  # Once each to disk, for the record.
  read -r w r < <(measure "$disk/$n-journey" "$work/journey" build --quiet -s "$work/$n/journey" -d "$disk/$n-journey")
  row journey "$jpages" disk "$w" "$r"
  read -r w r < <(measure "$disk/$n-hugo" hugo --quiet -s "$work/$n/hugo" -d "$disk/$n-hugo")
  row hugo "$hpages" disk "$w" "$r"
  awk -v n="$n" -v jw="$jw" -v hw="$hw" -v jm="$jm" -v hm="$hm" -v jp="$jpages" -v hp="$hpages" \
    'BEGIN { printf "N=%d: journey is %.2fx Hugo'"'"'s speed (pages/s) with %.2fx its peak RSS\n", n, (jp/jw)/(hp/hw), jm/hm }'
  rm -rf "$work/$n" "$disk/$n-journey" "$disk/$n-hugo"
done
