# SPDX-License-Identifier: GPL-3.0-or-later
# man/: manual pages, generated from man/*.in so that they name the paths
# and the version of this build (FILES: @pkgdatadir@).
man_MANS += man/meterwise.1 man/meterwise-sim.1 man/meterwise-devices.5
EXTRA_DIST += man/meterwise.1.in man/meterwise-sim.1.in man/meterwise-devices.5.in
CLEANFILES += man/meterwise.1 man/meterwise-sim.1 man/meterwise-devices.5
man_subst = sed -e 's|@pkgdatadir[@]|$(pkgdatadir)|g' -e 's|@VERSION[@]|$(VERSION)|g' \
	-e 's|@PACKAGE_BUGREPORT[@]|$(PACKAGE_BUGREPORT)|g'
man/meterwise.1: man/meterwise.1.in Makefile
	$(AM_V_GEN)$(MKDIR_P) man && $(man_subst) $(srcdir)/man/meterwise.1.in >$@.tmp && mv $@.tmp $@
man/meterwise-sim.1: man/meterwise-sim.1.in Makefile
	$(AM_V_GEN)$(MKDIR_P) man && $(man_subst) $(srcdir)/man/meterwise-sim.1.in >$@.tmp && mv $@.tmp $@
man/meterwise-devices.5: man/meterwise-devices.5.in Makefile
	$(AM_V_GEN)$(MKDIR_P) man && $(man_subst) $(srcdir)/man/meterwise-devices.5.in >$@.tmp && mv $@.tmp $@
