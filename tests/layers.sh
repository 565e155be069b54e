#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# layers.sh: the include graph of src/, ui/ and sim/ (grep of #include "...")
#   1. has no cycle between files;
#   2. follows the layers: src/util < src/device < src/line < src/engine <
#      src/cli, each including only its own and lower layers; src/ never
#      includes ui/; sim/ uses util, device and line; ui/ uses util, device
#      and engine (not the line: the engine owns it);
# and the calls between the object files (nm: who defines what another
# file uses)
#   3. of libmw.a and the simulator have no cycle;
#   4. of libmwui.a: no two files call each other.
# Two files that call each other are one module split in two, or a layer
# upside down.
top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
build=${top_builddir:-.}

ALLOW_UI_LINE=''
# Port listing for the TUI's picker (src/line/ports.h) is read by its screen
# directly until the session offers it.
ALLOW_UI_LINE="$ALLOW_UI_LINE ui/scr_ports.c"
# shellcheck disable=SC2086 # one line, names apart by single spaces
ALLOW_UI_LINE=$(printf '%s ' $ALLOW_UI_LINE)

tmp=${TMPDIR:-/tmp}/layers.$$
mkdir -p "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

cd "$top" || exit 99
files=$(find src ui sim -name '*.[ch]' | sort)
incdirs="src/util src/device src/line src/engine src/cli"

# Layer of a file: a rank for src/ folders, a name for the others.
layer() {
	case $1 in
	src/util/*) echo 1 ;;
	src/device/*) echo 2 ;;
	src/line/*) echo 3 ;;
	src/engine/*) echo 4 ;;
	src/cli/*) echo 5 ;;
	ui/*) echo ui ;;
	sim/*) echo sim ;;
	*) echo other ;;
	esac
}

# Edges "FROM TO", includes resolved as the compiler does: the including
# file's folder first, then the -I folders of src/, then ui/ (which the
# meterwise program has on its include path).
: > "$tmp/edges"
for f in $files; do
	d=$(dirname "$f")
	sed -n 's/^[ \t]*#[ \t]*include[ \t]*"\([^"]*\)".*/\1/p' "$f" | while read -r h; do
		to=
		for dir in "$d" $incdirs ui; do
			if test -f "$dir/$h"; then
				to=$(realpath --relative-to=. "$dir/$h")
				break
			fi
		done
		test -n "$to" && echo "$f $to"
	done >> "$tmp/edges"
done

n=0
fail=0
echo "1..4"

# 1. Cycles: tsort names a loop when there is one.
n=$((n + 1))
if tsort "$tmp/edges" > /dev/null 2> "$tmp/tsort"; then
	echo "ok $n - no include cycle ($(wc -l < "$tmp/edges") includes)"
else
	echo "not ok $n - include cycle"
	sed 's/^/# /' "$tmp/tsort"
	fail=1
fi

# 2. Layers.
n=$((n + 1))
: > "$tmp/bad"
while read -r from to; do
	lf=$(layer "$from")
	lt=$(layer "$to")
	why=
	case $lf in
	[1-5])
		case $lt in
		[1-5]) test "$lt" -le "$lf" || why="a lower layer includes a higher one" ;;
		*) why="src/ includes $lt/" ;;
		esac
		;;
	sim)
		case $lt in
		1 | 2 | 3 | sim) ;;
		*) why="the simulator uses util, device and line headers only" ;;
		esac
		;;
	ui)
		case $lt in
		1 | 2 | 4 | ui) ;;
		3) case " $ALLOW_UI_LINE " in
		   *" $from "*) ;;
		   *) why="ui/ talks to the line (src/line/) instead of the engine" ;;
		   esac ;;
		*) why="ui/ uses util, device and engine headers only" ;;
		esac
		;;
	esac
	test -n "$why" && echo "# $from includes $to: $why" >> "$tmp/bad"
done < "$tmp/edges"
if test -s "$tmp/bad"; then
	echo "not ok $n - includes follow the layers"
	cat "$tmp/bad"
	fail=1
else
	echo "ok $n - includes follow the layers (util < device < line < engine < cli; sim, ui)"
fi

# 3. Calls between files: "FILE.o defines SYM" and "FILE.o uses SYM" from nm,
# joined into edges user -> definer.  libmw.a and the simulator: no cycle
# at all (tsort).  ui/: its screens are a registry of callbacks (tui.c calls
# a screen through the table, the screen calls tui.c's helpers), so there
# only direct pairs are refused: two files that call each other.
calls() {
	# shellcheck disable=SC2086
	nm -A "$@" 2> /dev/null | awk '
	NF < 2 { next }
	{ n = split($1, p, ":"); f = ""; for (i = n; i > 0 && f == ""; i--) if (p[i] ~ /\.o$/) f = p[i]
	  sub(/^.*\//, "", f); sub(/^(libmw_a|libmwui_a|meterwise_sim)-/, "", f)
	  # The engine session is one module split over files that share its
	  # private header (session_int.h): one node.
	  sub(/^session_[a-z]+\.o$/, "session.o", f) }
	$(NF-1) ~ /^[TDBR]$/ { def[$NF] = f }
	$(NF-1) == "U" { use[f, $NF] = 1 }
	END { for (k in use) { split(k, q, SUBSEP); if ((q[2] in def) && def[q[2]] != q[1])
		print q[1], def[q[2]] } }' | sort -u
}
ALLOW_UI_PAIRS=''
# The help screen lists every screen of the registry it is part of.
ALLOW_UI_PAIR='scr_help.o screens.o'

n=$((n + 1))
lib="$build/libmw.a"
sim=$(ls "$build"/sim/meterwise_sim-*.o 2> /dev/null)
if ! test -f "$lib" || test -z "$sim"; then
	echo "not ok $n - call graph: no libmw.a or simulator objects in $build (build first)"
	fail=1
else
	calls "$lib" > "$tmp/calls"
	# shellcheck disable=SC2086
	calls $sim >> "$tmp/calls"
	if tsort "$tmp/calls" > /dev/null 2> "$tmp/tsort"; then
		echo "ok $n - no call cycle between files of src/ and sim/ ($(wc -l < "$tmp/calls") calls)"
	else
		echo "not ok $n - call cycle between files of src/ or sim/"
		grep -v 'input contains a loop' "$tmp/tsort" | sed 's/^tsort: /# /'
		fail=1
	fi
fi

n=$((n + 1))
ui=
for a in "$build/libmwui.a" "$build/ui/libmwui.a"; do
	test -f "$a" && ui=$a
done
if test -z "$ui"; then
	echo "ok $n # SKIP built without the TUI"
else
	calls "$ui" > "$tmp/uicalls"
	pairs=$(awk '{ e[$1 " " $2] = 1 } END { for (k in e) { split(k, q, " ");
		if ((q[2] " " q[1]) in e && q[1] < q[2]) print q[1], q[2] } }' "$tmp/uicalls" |
		while read -r a b; do
			case " $ALLOW_UI_PAIRS " in *" $a "*) case " $ALLOW_UI_PAIRS " in *" $b "*) continue ;; esac ;; esac
			test "$a $b" = "$ALLOW_UI_PAIR" && continue
			echo "$a $b"
		done)
	if test -n "$pairs"; then
		echo "not ok $n - ui/: files that call each other"
		printf '%s\n' "$pairs" | sed 's/^/# /'
		fail=1
	else
		echo "ok $n - ui/: no two files call each other"
	fi
fi
exit $fail
