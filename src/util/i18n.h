/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * i18n.h - gettext, done plainly: _() translates, N_() marks for later.
 * Translator notes go in comments that start with L10N:.
 */
#ifndef MW_I18N_H
#define MW_I18N_H

#include <libintl.h>
#include <locale.h>

#define _(s)  gettext(s)
#define N_(s) (s)

#endif
