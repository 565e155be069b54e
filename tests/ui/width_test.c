/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * width_test.c - the TUI's text measures (ui/widgets.c) count screen
 * columns, not bytes: a CJK character is two columns (Unicode East Asian
 * Width "W"), an umlaut one, and text is never cut inside a UTF-8
 * character.  Runs in C.UTF-8; no terminal needed.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "../tap.h"
#include "ui.h"

int main(void)
{
	char buf[128];
	size_t skip, cut;
	int used;

	if (!setlocale(LC_ALL, "C.UTF-8") && !setlocale(LC_ALL, "C.utf8")) {
		printf("1..0 # SKIP no C.UTF-8 locale\n");
		return 0;
	}
	ok(mw_w_width("Leistungsfaktor") == 15, "ASCII: one column a byte");
	ok(mw_w_width("\xc3\x9c"
	              "bersicht") == 9,
	   "U+00DC (2 bytes) is one column");
	ok(mw_w_width("\xe5\x9c\xb0\xe5\x9d\x80") == 4,
	   "two CJK characters (6 bytes) are 4 columns");
	ok(mw_w_width("a\xff"
	              "b") == 3,
	   "an invalid byte counts one column");

	/* fit: the longest prefix in N columns, never half a character */
	ok(mw_w_fit("\xe5\x9c\xb0\xe5\x9d\x80", 6, 3, &used) == 3 && used == 2,
	   "3 columns hold one CJK character (3 bytes, 2 columns)");
	ok(mw_w_fit("\xc3\x9c"
	            "ber",
	            5, 2, &used) == 3 &&
	       used == 2,
	   "2 columns hold the umlaut and one letter (3 bytes)");
	ok(mw_w_fit("abc", 3, 0, &used) == 0 && used == 0, "0 columns hold nothing");

	/* cells: padded or cut to columns, then one space */
	buf[0] = 0;
	mw_w_cell(buf, sizeof buf, "\xe5\x9c\xb0\xe5\x9d\x80", 5);
	is_str(buf, "\xe5\x9c\xb0\xe5\x9d\x80  ",
	       "a 4-column word in a 5-column cell: one pad, one space");
	buf[0] = 0;
	mw_w_cell(buf, sizeof buf, "\xe5\x9c\xb0\xe5\x9d\x80", -6);
	is_str(buf, "  \xe5\x9c\xb0\xe5\x9d\x80 ", "right-aligned in 6 columns");
	buf[0] = 0;
	mw_w_cell(buf, sizeof buf, "\xe5\x9c\xb0\xe5\x9d\x80", 3);
	is_str(buf, "\xe5\x9c\xb0  ", "cut to 3 columns: one character, padded to 3");
	ok(mw_w_width(buf) == 4, "the cell is 3 columns and the space");

	/* wrap: at a space within the width, else at the width */
	cut = mw_w_break("alpha beta gamma", 12, &skip);
	ok(cut == 10 && skip == 11, "'alpha beta gamma' in 12 columns breaks after 'beta'");
	cut = mw_w_break("\xe5\x9c\xb0\xe5\x9d\x80\xe5\x9c\xb0", 5, &skip);
	ok(cut == 6 && skip == 6, "three CJK characters in 5 columns: two on the line");
	cut = mw_w_break("ab\ncd", 10, &skip);
	ok(cut == 2 && skip == 3, "a newline ends the line");
	return done_testing();
}
