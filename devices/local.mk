# SPDX-License-Identifier: GPL-3.0-or-later
# devices/: shipped device files, installed under $(pkgdatadir)/devices.
nobase_dist_pkgdata_DATA += devices/jsy-mk-333.yaml
nobase_dist_pkgdata_DATA += devices/kpm33b.yaml devices/djs5179.yaml
# DL/T645-2007 meters (protocol: dlt645).
nobase_dist_pkgdata_DATA += devices/prepaid-dlt645.yaml devices/djs5179-dlt645.yaml
# DL/T645-1997 (protocol: dlt645-1997).
nobase_dist_pkgdata_DATA += devices/prepaid-dlt645-1997.yaml
