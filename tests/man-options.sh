#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# man-options.sh - documentation parity: every option of every command's
# table (and so of its --help), as `meterwise --list-options` gives it,
# is in man/meterwise.1(.in).
#
# The man page marks what documents a command with a comment line
# `.\" command: NAME` (up to the next such line or section heading); a
# command's synopsis in SYNOPSIS (from `.B meterwise NAME` to `.br`)
# counts too.  A command's own options, short and long, and its
# deprecated spellings must be in its text; the shared ones (connection
# options, --help, --version) in OPTIONS.  Every command has a synopsis.
. "$top_srcdir/tests/lib.sh"

MAN="$top_srcdir/man/meterwise.1.in"

"$MW" --list-options >"$T/options"
is "$?" 0 "meterwise --list-options exits 0"
[ -s "$T/options" ]
ok $? "the command table lists options"

# The page as plain words: \- is -, font escapes dropped; each line
# tagged with the command it documents ("OPTIONS" for that section).
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(em/ /g' "$MAN" | awk '
	/^\.SH/ {
		sect = $2; cmd = ""; syn = ""
		if (sect == "OPTIONS") cmd = "OPTIONS"
		next
	}
	/^\.\\" command: / { cmd = $3; next }
	sect == "SYNOPSIS" && /^\.B meterwise [a-z]/ { syn = $3; print "SYNOPSIS\t" syn; next }
	sect == "SYNOPSIS" && /^\.br/ { syn = ""; next }
	syn != "" { print syn "\t" $0 }
	cmd != "" { print cmd "\t" $0 }
' >"$T/man"

# documented WHERE WORD: is WORD (an option) in the text tagged WHERE?
documented() {
	awk -F '\t' -v w="$1" '$1 == w { print $2 }' "$T/man" |
		grep -Eq -- "(^|[^-[:alnum:]])$2([^-[:alnum:]]|\$)"
}

missing=""
cmds=""
# (Fields through awk: read would merge the empty short-option field.)
awk -F '\t' '{ print $1, $2, ($3 == "" ? "-" : $3), $4 }' "$T/options" >"$T/opts"
while read -r cmd long short kind; do
	[ "$short" = - ] && short=""
	case " $cmds " in *" $cmd "*) ;; *) cmds="$cmds $cmd" ;; esac
	where=$cmd
	[ "$kind" = shared ] && where=OPTIONS
	for word in $long $short; do
		documented "$where" "$word" || missing="$missing $cmd:$word"
	done
done <"$T/opts"
is "$missing" "" "every option of every command is in meterwise(1)"

nosyn=""
for c in $cmds; do
	awk -F '\t' -v c="$c" '$1 == "SYNOPSIS" && $2 == c { f = 1 } END { exit !f }' "$T/man" ||
		nosyn="$nosyn $c"
done
is "$nosyn" "" "every command has a synopsis in SYNOPSIS"

done_testing
