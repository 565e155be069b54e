#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# po-check.sh - the translation catalogs are complete and well-formed.
#
# The template is generated afresh from the sources listed in
# po/POTFILES.in (keywords as in po/Makevars), so a string added to the
# code without a translation makes this test fail.  For every language in
# po/LINGUAS: msgfmt -c accepts the catalog; no message of the fresh
# template is untranslated or fuzzy; help texts that fit 80 columns in
# English fit in the translation (CJK characters count two columns); the
# compiled catalog is found and used by the gettext runtime (LANGUAGE=xx
# with LC_ALL=C.UTF-8).  When meterwise honours MW_LOCALEDIR, its --help
# is checked in each language too.

. "$top_srcdir/tests/lib.sh"

po="$top_srcdir/po"
for tool in xgettext msgmerge msgfmt msgattrib msggrep msgexec gettext; do
	command -v "$tool" >/dev/null 2>&1 || skip_all "$tool (gettext tools) not installed"
done

# skip_one DESCRIPTION REASON: one test that cannot run here.
skip_one() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

# Every source with a translatable string is listed, and every listed file exists.
listed="$T/listed"
grep -v '^[[:space:]]*#' "$po/POTFILES.in" | sed '/^[[:space:]]*$/d' | sort >"$listed"
(cd "$top_srcdir" && grep -lE '(^|[^A-Za-z0-9_])N?_\("' src/*/*.c ui/*.c sim/*.c 2>/dev/null) |
	sort >"$T/marked"
missing=$(comm -13 "$listed" "$T/marked")
is "$missing" "" "every source file with _() or N_() strings is in po/POTFILES.in"
gone=$(while read -r f; do [ -f "$top_srcdir/$f" ] || echo "$f"; done <"$listed")
is "$gone" "" "every file in po/POTFILES.in exists"

# A fresh template, from the sources.
(cd "$top_srcdir" && xgettext -C --keyword=_ --keyword=N_ --add-comments=L10N: \
	--from-code=UTF-8 --package-name=meterwise -o "$T/meterwise.pot" \
	-f "$listed") 2>"$T/xgettext.err"
ok $? "xgettext builds the template from po/POTFILES.in"
grep -v "should not contain the '\\\\r' escape sequence" "$T/xgettext.err" | sed 's/^/#   /'
total=$(grep -c '^msgid ' "$T/meterwise.pot")
total=$((total - 1)) # the header
note "template: $total messages"

# No control sequence inside a translatable message: a translator cannot
# see or keep it.  The program prints \r, escape sequences and the like
# around the translated text.
# (msgexec wants a real charset in the header.)
sed 's/charset=CHARSET/charset=UTF-8/' "$T/meterwise.pot" >"$T/template.po"
# shellcheck disable=SC2016
msgexec -i "$T/template.po" sh -c '
	if printf "%s" "$MSGEXEC_MSGID" | tr -d "\n\t" | LC_ALL=C grep -q "[[:cntrl:]]"; then
		printf "%s\n" "$MSGEXEC_MSGID" | head -n 1 | LC_ALL=C tr -d "[:cntrl:]"
	fi' >"$T/cntrl" 2>&1
is "$(cat "$T/cntrl")" "" "no translatable message contains a control character (other than newline and tab)"

# shellcheck disable=SC2013 # LINGUAS lists words, several a line
for lang in $(sed 's/#.*//' "$po/LINGUAS"); do
	cat="$po/$lang.po"
	if [ ! -f "$cat" ]; then
		ok 1 "$lang: po/$lang.po exists"
		continue
	fi

	msgfmt -c -o "$T/$lang.mo" "$cat" 2>"$T/msgfmt.err"
	ok $? "$lang: msgfmt -c accepts po/$lang.po"
	grep -v "escape sequence" "$T/msgfmt.err" | sed 's/^/#   /'
	# (the \r warning is about an msgid in src/cli/cli_scan.c, not about translations)

	msgmerge -q --no-fuzzy-matching -o "$T/$lang.po" "$cat" "$T/meterwise.pot" 2>&1 |
		grep -v "escape sequence" |
		sed 's/^/#   /'
	msgattrib --untranslated --no-obsolete --no-wrap -o "$T/$lang.untr" "$T/$lang.po"
	msgattrib --only-fuzzy --no-obsolete --no-wrap -o "$T/$lang.fuzzy" "$T/$lang.po"
	untr=$(grep -c '^msgid ' "$T/$lang.untr" 2>/dev/null)
	fuzzy=$(grep -c '^msgid ' "$T/$lang.fuzzy" 2>/dev/null)
	# the header counts once when there is anything to list
	[ "${untr:-0}" -gt 0 ] && untr=$((untr - 1))
	[ "${fuzzy:-0}" -gt 0 ] && fuzzy=$((fuzzy - 1))
	is "${untr:-0}" 0 "$lang: every message of the fresh template is translated"
	grep -A1 '^#:' "$T/$lang.untr" 2>/dev/null | grep -v '^--' | head -20 | sed 's/^/#   /'
	is "${fuzzy:-0}" 0 "$lang: no fuzzy translation"
	grep -A1 '^#:' "$T/$lang.fuzzy" 2>/dev/null | grep -v '^--' | head -20 | sed 's/^/#   /'

	# Help texts (messages of several lines): no more lines wider than 80
	# columns than the English has.
	# shellcheck disable=SC2016
	msgexec -i "$T/$lang.po" sh -c '
		case "$MSGEXEC_MSGID" in
		*"
"?*) ;;
		*) exit 0 ;;
		esac
		# wide: how many lines of standard input are wider than 80 columns
		wide() {
			n=0
			while IFS= read -r l || [ -n "$l" ]; do
				[ "$(printf "%s" "$l" | LC_ALL=C.UTF-8 wc -L)" -gt 80 ] && n=$((n + 1))
			done
			echo $n
		}
		st=$(wide)
		id=$(printf "%s\n" "$MSGEXEC_MSGID" | wide)
		if [ "$st" -gt "$id" ]; then
			echo "\"$(printf "%s" "$MSGEXEC_MSGID" | head -n 1)...\": $st lines wider than 80 columns, the English $id"
		fi' >"$T/$lang.wide" 2>&1
	is "$(cat "$T/$lang.wide")" "" "$lang: help texts stay within 80 columns"

	# The compiled catalog works with the gettext runtime.
	mkdir -p "$T/locale/$lang/LC_MESSAGES"
	cp "$T/$lang.mo" "$T/locale/$lang/LC_MESSAGES/meterwise.mo"
	id="list serial ports and USB adapters"
	want=$(msggrep --no-wrap -K -F -e "$id" "$cat" | sed -n 's/^msgstr "\(..*\)"$/\1/p')
	got=$(TEXTDOMAINDIR="$T/locale" LANGUAGE=$lang LC_ALL=C.UTF-8 gettext -d meterwise "$id")
	if [ -n "$want" ] && [ "$want" != "$id" ]; then
		is "$got" "$want" "$lang: the gettext runtime finds the compiled catalog"
	else
		ok 1 "$lang: po/$lang.po translates \"$id\""
	fi

	# meterwise itself, when it can be pointed at an uninstalled catalog.
	if [ ! -x "$MW" ]; then
		skip_one "$lang: meterwise --help is translated" "no meterwise binary at $MW"
	elif ! grep -q 'MW_LOCALEDIR' "$top_srcdir/src/cli/main.c"; then
		skip_one "$lang: meterwise --help is translated" \
			"src/cli/main.c binds only the installed LOCALEDIR (no MW_LOCALEDIR)"
	else
		out=$(MW_LOCALEDIR="$T/locale" LANGUAGE=$lang LC_ALL=C.UTF-8 "$MW" --help 2>&1)
		printf '%s\n' "$out" | grep -qF -- "$want"
		ok $? "$lang: meterwise --help lists the commands in $lang"
	fi
done

done_testing
