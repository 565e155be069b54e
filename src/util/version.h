/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * version.h - what `--version` prints for every meterwise program: name,
 * version, copyright and licence (as the GNU coding standards lay it out).
 */
#ifndef MW_VERSION_H
#define MW_VERSION_H

#include <stdio.h>

/* The copyright line, the same in every program and in debian/copyright. */
#define MW_COPYRIGHT "Copyright (C) 2026 The meterwise developers"

/* Print "PROGRAM VERSION", the copyright and the licence to out. */
void mw_version_print(FILE *out, const char *program);

#endif
