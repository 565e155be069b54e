#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# spdx.sh - every source file carries the licence line.
#
# C files: "/* SPDX-License-Identifier: GPL-3.0-or-later */" as line 1.
# Shell, make, m4, autoconf, Python, YAML, CSV, man pages (.in) and
# catalogs: "SPDX-License-Identifier: GPL-3.0-or-later" in a comment among
# the first five lines (after a #! line, or a test file's "# expect:"
# line).  Files are those git tracks (and new ones not ignored); in a
# tree without git (a release tarball), the source folders are searched.
. "$top_srcdir/tests/lib.sh"

id="SPDX-License-Identifier: GPL-3.0-or-later"
cd "$top_srcdir" || exit 1
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files --cached --others --exclude-standard >"$T/files"
	note "files from git"
else
	{
		find src ui sim tests devices man bench debian .ci -type f 2>/dev/null
		ls configure.ac Makefile.am autogen.sh build-aux/install-deps \
			build-aux/check-package po/*.po po/Makevars po/POTFILES.in po/LINGUAS 2>/dev/null
	} | sed 's|^\./||' >"$T/files"
	note "files found in the source folders (no git)"
fi
sort -u -o "$T/files" "$T/files"

strict=0 loose=0 bad_c="" bad=""
while IFS= read -r f; do
	[ -f "$f" ] || continue # deleted but not yet committed
	case $f in
	*.c | *.h)
		strict=$((strict + 1))
		[ "$(head -n 1 "$f")" = "/* $id */" ] || bad_c="$bad_c $f"
		continue
		;;
	*.sh | *.py | *.mk | *.am | *.ac | *.m4 | *.yaml | *.yml | *.csv | *.in | *.po | \
		*.1 | *.5 | */Makevars | */LINGUAS | debian/rules) ;;
	*)
		# other scripts, known by their #! line
		head -c 2 "$f" | grep -q '^#!' || continue
		;;
	esac
	case $f in
	*~ | *.log | *.trs | Makefile.in | */Makefile.in | *.in.in | configure | config.h.in) continue ;;
	esac
	loose=$((loose + 1))
	head -n 5 "$f" | grep -qF "$id" || bad="$bad $f"
done <"$T/files"

note "$strict C files, $loose other source files"
ok "$([ "$strict" -gt 50 ] && [ "$loose" -gt 50 ] && echo 0 || echo 1)" "the source files were found"
is "$(echo $bad_c | tr ' ' '\n')" "" "every .c and .h file starts with /* $id */"
is "$(echo $bad | tr ' ' '\n')" "" "every script, makefile, YAML, man page and catalog has the $id line"
[ -f COPYING ] && grep -q 'GNU GENERAL PUBLIC LICENSE' COPYING && grep -q 'Version 3, 29 June 2007' COPYING
ok $? "COPYING holds the GPL, version 3"

done_testing
