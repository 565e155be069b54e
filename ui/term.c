/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * term.c - the one file that owns the terminal: newterm/endwin, colours
 * (with a monochrome fallback, and none at all under NO_COLOR), the
 * locale's UTF-8 test for line drawing, and waiting for a key or a
 * snapshot from the engine session with poll(), so the screen stays responsive.
 */
#include "config.h"

#include <langinfo.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui.h"

/* Colour pair per role (foreground, background), -1 = default. */
static const short role_colors[MW_R__COUNT][2] = {
    [MW_R_NORMAL] = {-1, -1},
    [MW_R_TITLE] = {COLOR_WHITE, COLOR_BLUE},
    [MW_R_KEY] = {COLOR_BLACK, COLOR_CYAN},
    [MW_R_LABEL] = {COLOR_CYAN, -1},
    [MW_R_OK] = {COLOR_GREEN, -1},
    [MW_R_WARN] = {COLOR_YELLOW, -1},
    [MW_R_FAULT] = {COLOR_RED, -1},
    [MW_R_SELECT] = {COLOR_BLACK, COLOR_CYAN},
    [MW_R_DIM] = {COLOR_BLUE, -1},
    [MW_R_L1] = {COLOR_RED, -1},
    [MW_R_L2] = {COLOR_YELLOW, -1},
    [MW_R_L3] = {COLOR_BLUE, -1},
};

/* Attributes without colour: still tells faults and the cursor apart. */
static const int role_mono[MW_R__COUNT] = {
    [MW_R_TITLE] = A_REVERSE,
    [MW_R_KEY] = A_REVERSE,
    [MW_R_LABEL] = A_BOLD,
    [MW_R_WARN] = A_BOLD,
    [MW_R_FAULT] = A_BOLD | A_REVERSE,
    [MW_R_SELECT] = A_REVERSE,
    [MW_R_DIM] = A_DIM,
};

int mw_term_init(struct mw_ui *ui)
{
	const char *cs = nl_langinfo(CODESET);
	const char *nc = getenv("NO_COLOR");

	ui->utf8 = cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return -1;
	/* newterm, unlike initscr, returns NULL for an unknown TERM instead of exiting */
	if (!newterm(NULL, stdout, stdin))
		return -1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(50);
	ui->color = has_colors() && !(nc && nc[0]);
	if (ui->color && start_color() == OK) {
		use_default_colors();
		for (int r = 1; r < MW_R__COUNT; r++)
			init_pair(r, role_colors[r][0], role_colors[r][1]);
	} else {
		ui->color = false;
	}
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);
	return 0;
}

int mw_term_init_virtual(struct mw_ui *ui, int lines, int cols)
{
	static FILE *out, *in;

	ui->utf8 = false;
	ui->color = false;
	if (!out)
		out = fopen("/dev/null", "w");
	if (!in)
		in = fopen("/dev/null", "r");
	if (!out || !in || !newterm("vt100", out, in))
		return -1;
	resize_term(lines, cols);
	return 0;
}

void mw_term_dump(FILE *f)
{
	char line[1024];

	for (int y = 0; y < LINES; y++) {
		int n = 0;

		for (int x = 0; x < COLS && n < (int)sizeof line - 1; x++) {
			chtype ch = mvwinch(curscr, y, x); /* with the windows over stdscr */
			char c = (char)(ch & A_CHARTEXT);

			/* line drawing (the alternate character set) as ASCII */
			if (ch & A_ALTCHARSET)
				c = c == 'q' ? '-' : c == 'x' ? '|' : '+';
			line[n++] = c;
		}
		while (n > 0 && line[n - 1] == ' ')
			n--;
		line[n] = 0;
		fprintf(f, "%s\n", line);
	}
}

void mw_term_end(void)
{
	if (stdscr && !isendwin()) {
		curs_set(1);
		endwin();
	}
}

int mw_term_attr(const struct mw_ui *ui, enum mw_role r)
{
	if (ui->color) {
		int a = r == MW_R_NORMAL ? 0 : COLOR_PAIR(r);

		if (r == MW_R_TITLE || r == MW_R_FAULT || r == MW_R_LABEL)
			a |= A_BOLD;
		return a;
	}
	return role_mono[r];
}

/*
 * A function key the terminal description does not know (F5-F12 under
 * TERM=vt100, which has only PF1-PF4): ncurses hands over its escape
 * sequence byte by byte, whose `[` and digits would reach the screens as
 * keys.  After an Esc, read what came with it: ESC [ n ~ (xterm, vt220)
 * and ESC O P..S become KEY_F(n); anything else is put back.
 */
static int unknown_fkey(void)
{
	static const int tilde[] = {0, 0, 0, 0, 0, 0, 0, 0, 0,  0, 0,  1, 2,
	                            3, 4, 5, 0, 6, 7, 8, 9, 10, 0, 11, 12};
	int got[8], n = 0, ch, num = 0;

	while (n < (int)(sizeof got / sizeof got[0]) && (ch = getch()) != ERR) {
		got[n++] = ch;
		if (n == 1 && ch != '[' && ch != 'O')
			break;
		if (n >= 2 && !(ch >= '0' && ch <= '9'))
			break;
		if (n >= 2)
			num = num * 10 + (ch - '0');
	}
	if (n == 2 && got[0] == 'O' && got[1] >= 'P' && got[1] <= 'S')
		return KEY_F(got[1] - 'P' + 1);
	if (n == 2 && got[1] >= 'A' && got[1] <= 'D') /* arrows in the other keypad mode */
		return (int[]){KEY_UP, KEY_DOWN, KEY_RIGHT, KEY_LEFT}[got[1] - 'A'];
	if (n >= 3 && got[0] == '[' && got[n - 1] == '~' && num > 0 &&
	    num < (int)(sizeof tilde / sizeof tilde[0]) && tilde[num])
		return KEY_F(tilde[num]);
	while (n > 0)
		ungetch(got[--n]);
	return 27;
}

int mw_term_key(int fd, int timeout_ms)
{
	struct pollfd p[2] = {{.fd = STDIN_FILENO, .events = POLLIN}, {.fd = fd, .events = POLLIN}};
	int ch;

	timeout(0);
	ch = getch();
	if (ch == ERR && poll(p, fd >= 0 ? 2 : 1, timeout_ms) > 0 && (p[0].revents & POLLIN))
		ch = getch();
	return ch == 27 ? unknown_fkey() : ch;
}
