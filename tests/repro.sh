#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# repro.sh - no path of the build tree is compiled into the installed
# programs (reproducible builds: the same source built in another
# directory gives the same binaries).  Debugging information names the
# build directory by design, so the programs are stripped first, as a
# package does.  And the uninstalled programs still find their device
# files and the demo scenario at run time.
. "$top_srcdir/tests/lib.sh"

command -v strings >/dev/null 2>&1 || skip_all "strings (binutils) not installed"
command -v strip >/dev/null 2>&1 || skip_all "strip (binutils) not installed"
build=$(cd "$top_builddir" && pwd -P)
for p in meterwise meterwise-sim; do
	strip -o "$T/$p" "$top_builddir/$p"
	ok $? "strip $p"
	hits=$(strings -a "$T/$p" | grep -F "$build" | head -5)
	is "$hits" "" "$p holds no path of the build directory ($build)"
done

# Found at run time instead: the shipped device files, from the source tree,
# without MW_DEVICES_PATH.
out=$(env -u MW_DEVICES_PATH XDG_CONFIG_HOME="$T/none" "$MW" devices 2>&1)
like "$out" '^jsy-mk-333 ' "uninstalled meterwise finds the source tree's device files without MW_DEVICES_PATH"
done_testing
