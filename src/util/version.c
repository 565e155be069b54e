/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * version.c - the `--version` text of meterwise and meterwise-sim.
 */
#include "config.h"

#include "i18n.h"
#include "version.h"

void mw_version_print(FILE *out, const char *program)
{
	fprintf(out, "%s %s\n%s\n", program, PACKAGE_VERSION, MW_COPYRIGHT);
	fputs(_("License GPL-3.0-or-later: GNU GPL version 3 or later "
	        "<https://gnu.org/licenses/gpl.html>.\n"
	        "This is free software: you are free to change and redistribute it.\n"
	        "There is NO WARRANTY, to the extent permitted by law.\n"),
	      out);
}
