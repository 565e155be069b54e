# SPDX-License-Identifier: GPL-3.0-or-later
# devices/: shipped device files, installed under $(pkgdatadir)/devices.
nobase_dist_pkgdata_DATA += devices/jsy-mk-333.yaml
nobase_dist_pkgdata_DATA += devices/kpm33b.yaml devices/djs5179.yaml
