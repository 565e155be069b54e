#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# one-def.sh: each helper below has exactly one definition in the tree.  A
# second copy shows up by its tell-tale code shape (a grep pattern); only
# the file that owns the helper may contain it.
#
# To add a helper, add one line to RULES:
#   NAME|OWNER FILES (shell globs, space-separated)|extended regexp (grep -E)
# The regexp may itself hold '|'.
# Lines starting with '#' are comments.  A rule matching no file at all is
# an error too (the owner moved and the rule went stale).
top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top" || exit 99

RULES='
crc16|src/util/crc16.[ch]|0x[Aa]001
iso-time|src/util/isotime.[ch]|%Y-%m-%dT|%04d-%02d-%02dT
csv-quote|src/util/csv.[ch]|"\\"\\""|strpbrk\([^)]*,\\"
csv-read|src/util/csv.[ch]|p\[1\] == '"'"'"'"'"'
oom-abort|src/util/xalloc.[ch]|out of memory
char-time|src/line/timing.[ch] src/device/model.[ch]|mw_format_bits\(|MW_FMT_8N1 \? 10 : 11
journal-read|src/engine/journal.[ch]|mw_journal_load\(const|fopen\([^)]*journal
'

# The C files that make up the program, its simulator and its tests.
files=$(find src ui sim tests bench -name '*.[ch]' 2>/dev/null | sort)

# owned FILE "GLOB GLOB...": is FILE one of the owner's files?
owned() {
	for g in $2; do
		# shellcheck disable=SC2254
		case $1 in $g) return 0 ;; esac
	done
	return 1
}

n=0
fail=0
printf '%s\n' "$RULES" | grep -v '^#' | grep -v '^$' > rules.$$
count=$(wc -l < rules.$$)
echo "1..$((count + 1))"
while IFS='|' read -r name owner pattern; do
	n=$((n + 1))
	# shellcheck disable=SC2086
	hits=$(grep -nE -- "$pattern" $files 2>/dev/null)
	bad=
	seen=
	for f in $(printf '%s\n' "$hits" | cut -d: -f1 | sort -u); do
		if owned "$f" "$owner"; then seen=1; else bad="$bad $f"; fi
	done
	if test -n "$bad"; then
		echo "not ok $n - $name: one definition (in $owner)"
		printf '%s\n' "$hits" | while IFS= read -r h; do
			owned "${h%%:*}" "$owner" || echo "# second definition? $h"
		done
		fail=1
	elif test -z "$seen"; then
		echo "not ok $n - $name: the rule finds nothing in $owner (update the rule)"
		fail=1
	else
		echo "ok $n - $name: one definition (in $owner)"
	fi
done < rules.$$
rm -f rules.$$

# Out-of-memory handled by hand: an allocation's NULL check that aborts or
# exits.  Everything allocates through mw_x*() (src/util/xalloc.h).
n=$((n + 1))
hand=$(for f in $files; do
	case $f in src/util/xalloc.c) continue ;; esac
	awk -v f="$f" '
		/if \(!.*\)[ \t]*$/ { cond = FNR; next }
		cond && FNR == cond + 1 && /^[ \t]*(abort|exit|_exit)\(/ { print f ":" FNR ": " $0 }
		{ cond = 0 }' "$f"
done)
if test -n "$hand"; then
	echo "not ok $n - no hand-written out-of-memory abort (use mw_xmalloc and friends)"
	printf '%s\n' "$hand" | sed 's/^/# /'
	fail=1
else
	echo "ok $n - no hand-written out-of-memory abort"
fi
exit $fail
