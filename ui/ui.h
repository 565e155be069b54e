/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui.h - the TUI's shared state, the screen family and the widgets.
 *
 * Screens are a family of const tables (name, keys, help, draw, key) in
 * one registry, as htop's meters are.  A screen draws from the snapshot
 * the engine session published (ui->s) and its key handler returns what changed;
 * the loop in tui.c redraws.  Only term.c calls initscr/endwin.
 */
#ifndef MW_UI_UI_H
#define MW_UI_UI_H

#include <curses.h>
#include <stdbool.h>

#include "session.h"
#include "text.h"

/* What a key handler did. */
enum mw_key_result {
	MW_KEY_IGNORED, /* not for this screen: the loop's global keys apply */
	MW_KEY_HANDLED  /* consumed; redraw */
};

/* Screens, in registry order. */
enum mw_screen_id {
	MW_SCR_SCAN,
	MW_SCR_DASH,
	MW_SCR_PANEL,
	MW_SCR_SETTINGS,
	MW_SCR_SCHEDULE,
	MW_SCR_ACTIONS,
	MW_SCR_RAW,
	MW_SCR_COMMISSION,
	MW_SCR_HELP,
	MW_SCR__COUNT
};

struct mw_ui;

struct mw_screen {
	const char *name;                /* N_(): title */
	const char *keys;                /* N_(): this screen's own keys for the key bar */
	const char *help;                /* N_(): help text, lines separated by \n */
	void (*enter)(struct mw_ui *ui); /* may be NULL */
	void (*leave)(struct mw_ui *ui); /* may be NULL */
	void (*draw)(struct mw_ui *ui);
	enum mw_key_result (*key)(struct mw_ui *ui, int ch);
	void (*post)(struct mw_ui *ui); /* after stdscr is out: own windows; may be NULL */
	/* The keys the screen has now, when fewer than `keys` (a form that is a
	 * gap has none of its editing keys); NULL, or returning NULL: `keys`. */
	const char *(*keys_now)(struct mw_ui *ui);
};

extern const struct mw_screen *const mw_screens[MW_SCR__COUNT];
extern const struct mw_screen mw_scr_scan, mw_scr_dash, mw_scr_panel, mw_scr_settings,
    mw_scr_schedule, mw_scr_actions, mw_scr_raw, mw_scr_commission, mw_scr_help;

/* Roles that map to colour pairs, or to attributes in monochrome. */
enum mw_role {
	MW_R_NORMAL,
	MW_R_TITLE,
	MW_R_KEY,   /* key names in the key bar */
	MW_R_LABEL, /* column headers, labels */
	MW_R_OK,
	MW_R_WARN,
	MW_R_FAULT,
	MW_R_SELECT, /* cursor line */
	MW_R_DIM,
	MW_R_L1, /* phase colours */
	MW_R_L2,
	MW_R_L3,
	MW_R__COUNT
};

/* A modal question over the current screen. */
enum mw_dialog_kind {
	MW_DLG_NONE,
	MW_DLG_YESNO,    /* y / n */
	MW_DLG_TYPE,     /* type `expect` and Enter */
	MW_DLG_INFO,     /* any key closes */
	MW_DLG_PASSWORD, /* a DL/T645 meter refused for its password: type one (masked) */
	MW_DLG_WAITING   /* a command is running; closes by itself */
};

struct mw_dialog {
	enum mw_dialog_kind kind;
	char title[80];
	char text[4096];
	char expect[32];           /* MW_DLG_TYPE: what to type */
	char typed[32];            /* MW_DLG_PASSWORD: the password, never drawn as typed */
	int pw_level;              /* MW_DLG_PASSWORD: the device file's level, prefilled */
	char wrong[160];           /* MW_DLG_TYPE: what was typed wrong, or "" */
	struct mw_session_cmd cmd; /* sent on yes */
	bool has_cmd;
	unsigned long wait_id; /* MW_DLG_WAITING: the command */
	bool show_result;      /* show the command's result when done */
	bool after_prepare;    /* the command was a prepare: confirm the plan next */
};

struct mw_ui {
	struct mw_session *session;
	struct mw_session_snap *s; /* the latest snapshot */
	bool quit;
	bool utf8;
	bool color;
	int screen, prev_screen;
	int cursor; /* device list cursor */
	struct mw_dialog dlg;
	char status[256];
	bool typing;   /* the screen shows a text field: letters are text (set by its draw) */
	bool esc;      /* the key before this one was Esc: a letter now switches screens */
	int ahead[32]; /* keys typed while a command ran, replayed after it */
	int n_ahead;
	void *scr_state[MW_SCR__COUNT]; /* per-screen state (mw_ui_state), freed at the end */
	const char *plan_path;          /* --plan: the Commission screen's plan, or NULL */
};

/* term.c: the only file that calls initscr/endwin. */
int mw_term_init(struct mw_ui *ui);
/* A screen of lines x cols in memory, drawn to nowhere (no colour, ASCII
 * lines): for tests that render a screen from a fixed snapshot. */
int mw_term_init_virtual(struct mw_ui *ui, int lines, int cols);
/* The screen's text, one line per row, trailing blanks cut. */
void mw_term_dump(FILE *f);
void mw_term_end(void);
/* Wait up to timeout_ms for a key or for fd to become readable: the key, or ERR. */
int mw_term_key(int fd, int timeout_ms);
int mw_term_attr(const struct mw_ui *ui, enum mw_role r);

/* widgets.c */
/* Screen columns of text (wcswidth in the locale; an invalid byte counts one). */
int mw_w_width(const char *s);
/* Columns of the first len bytes of s. */
int mw_w_width_n(const char *s, size_t len);
/* Bytes of the longest prefix of s (at most len bytes) that fits in cols
 * columns, never cutting a character; *used (may be NULL): its columns. */
size_t mw_w_fit(const char *s, size_t len, int cols, int *used);
/* Append text to buf padded or cut to |cols| columns (cols < 0: right
 * aligned, 0: as it is), then one space: a table cell. */
void mw_w_cell(char *buf, size_t sz, const char *text, int cols);
/* One line of text word-wrapped to w columns: its length in bytes (up to a
 * newline, a space where it can, never inside a character); *skip: the
 * bytes to the next line's start. */
size_t mw_w_break(const char *p, int w, size_t *skip);
/* Print text clipped to width w at (y, x) with role r. */
void mw_w_text(struct mw_ui *ui, int y, int x, int w, enum mw_role r, const char *text);
/* Text word-wrapped to w columns, at most max lines; returns lines used. */
int mw_w_wrap(struct mw_ui *ui, int y, int x, int w, enum mw_role r, const char *text, int max);
/* A number right-aligned in w columns with `prec` decimals; NaN shows "-". */
void mw_w_num(struct mw_ui *ui, int y, int x, int w, enum mw_role r, double v, int prec);
/* Horizontal bar filling frac (0..1) of w columns. */
void mw_w_bar(struct mw_ui *ui, int y, int x, int w, double frac, enum mw_role r);
/* Sparkline of n samples in w columns, scaled to their range. */
void mw_w_spark(struct mw_ui *ui, int y, int x, int w, const float *v, int n);
/* Phasor diagram of V and I per phase inside the box (y, x, h, w). */
void mw_w_phasor(struct mw_ui *ui, int y, int x, int h, int w, const struct mw_phases *ph);
/* Boxed frame with a title. */
void mw_w_frame(struct mw_ui *ui, int y, int x, int h, int w, const char *title);
/* The bottom two lines: bus statistics and the key bar. */
void mw_w_footer(struct mw_ui *ui);
void mw_w_title(struct mw_ui *ui);
/* The function key whose label is at column x of the key bar, or 0. */
int mw_w_fkey_at(int x);

/* picklist.c: a pick list of names over the screen (ncurses menu). */
struct mw_picklist;
struct mw_picklist *mw_picklist_open(const char *const *names, int n, int cur, int y, int x);
/* A key: -1 still open, -2 left without a choice, else the index chosen. */
int mw_picklist_key(struct mw_picklist *p, int ch);
void mw_picklist_draw(struct mw_picklist *p);
void mw_picklist_close(struct mw_picklist *p);

/* uistate.c: the selection, for screens and widgets. */
/* The device the dashboard shows, or NULL. */
const struct mw_session_dev *mw_ui_dev(const struct mw_ui *ui);
int mw_ui_dev_index(const struct mw_ui *ui);
/* Device d's address as text: "12" (Modbus) or "240512000101" (DL/T645). */
void mw_ui_dev_addr(const struct mw_session_dev *d, char *buf, size_t sz);
/* The selected device's settings as last read, or NULL. */
const struct mw_session_settings *mw_ui_settings(const struct mw_ui *ui);
/* tui.c helpers for screens */
void mw_ui_goto(struct mw_ui *ui, int screen);
/* The screen a key opens from anywhere (F1-F9, ?, the capital letter the
 * key bar shows; after_esc: the small letter too), or -1. */
int mw_ui_screen_for_key(int ch, bool after_esc);
/* Draw the current screen, its dialog and the bars from ui->s. */
void mw_ui_draw(struct mw_ui *ui);
/* Select device i and show it: its dashboard, or raw registers when no model is known. */
void mw_ui_open_device(struct mw_ui *ui, int i);
/* Up/Down/PgUp/PgDn/Home/End/Enter over the list of devices (scan, panel);
 * true if ch was one. */
bool mw_ui_devlist_key(struct mw_ui *ui, int ch);
/* First device to show in a list of `rows` rows so that the cursor is on it. */
int mw_ui_list_top(const struct mw_ui *ui, int rows);
/* Send a command and show a waiting dialog until it is done. */
void mw_ui_run(struct mw_ui *ui, const struct mw_session_cmd *c, const char *what,
               bool show_result);
/* Ask before sending c. */
void mw_ui_confirm(struct mw_ui *ui, const char *title, const char *text, const char *expect,
                   const struct mw_session_cmd *c);
void mw_ui_info(struct mw_ui *ui, const char *title, const char *text);

/* confirm_dlt.c: the confirmation text of prepared DL/T645 write p to
 * meter addr (12 digits): each setting's old and new value and what goes on
 * the wire for it (command, DI, password level, address), shortened to one
 * line a setting when it would take more than rows lines of cols columns.
 * Its length. */
size_t mw_ui_dlt_plan_text(const struct mw_set_plan *p, const char *addr, int cols, int rows,
                           char *buf, size_t sz);

/* uistate.c: screen id's own state (size bytes, zeroed when first asked
 * for), kept until the TUI ends: the one place per-screen state lives.
 * Never NULL: allocated with mw_xcalloc. */
void *mw_ui_state(struct mw_ui *ui, int screen, size_t size);
/* Free every screen's state. */
void mw_ui_state_free(struct mw_ui *ui);

/* uistate.c: lists in address order.  The device at list position pos
 * (-1: none); the list position of device index dev. */
int mw_ui_dev_at(const struct mw_ui *ui, int pos);
int mw_ui_dev_pos(const struct mw_ui *ui, int dev);
/* Seconds since value v of d last answered, -1 unknown. */
double mw_ui_age(const struct mw_session_dev *d, size_t v);
/* Age after which d's values are shown stale: three poll intervals (the
 * measured one, or the round's), at least a second. */
double mw_ui_stale_after(const struct mw_ui *ui, const struct mw_session_dev *d);
/* An age for a table cell: "0.4s", "12s", "3m"; "" when unknown. */
void mw_ui_age_text(double age, char *buf, size_t sz);
/* The session view (enum mw_session_view) of a screen. */
int mw_ui_view_of(int screen);
/* Tell the session what is on screen, so that polling follows it. */
void mw_ui_follow_view(struct mw_ui *ui);
/* uistate.c: has a signal (SIGINT, SIGTERM, SIGHUP) asked to quit? */
bool mw_ui_interrupted(void);
/* The handler that records it. */
void mw_ui_on_signal(int sig);
/* scr_ports.c: the port picker before the engine starts.  1: port chosen
 * (copied to port), 2: the demo, 0: quit.  msg: an error to show, or NULL. */
int mw_ui_pick_port(struct mw_ui *ui, char *port, size_t sz, const char *msg);

/* scr_dash.c: text of a value's reading for tables ("" when not read). */
void mw_ui_format_value(const struct mw_session_dev *d, size_t i, char *buf, size_t bufsz);

#endif
