#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/ui-dlt-line.sh - DL/T645-2007 meters in the TUI, in tmux at 100x30
# on tests/ui/dlt-line.yaml (three prepaid meters at 9600 8E1, two ending
# in 17): the scan screen's "digits then Enter" opens a DL/T645 meter by
# its 12 digits or by a suffix only one meter ends in, and says so when
# several do; the dashboard of a DL/T645 meter shows its refresh against its line bound
# and the power sparkline, and the panel its round against the bound, as
# for Modbus meters.
. "$top_srcdir/tests/lib.sh"
command -v tmux >/dev/null || skip_all "tmux is not installed (apt install tmux)"
. "$top_srcdir/tests/ui/lib-tmux.sh"

[ -x "$MWSIM" ] || skip_all "meterwise-sim is not built"
sim_start dltline "$top_srcdir/tests/ui/dlt-line.yaml" || exit 1

tui_start -p "$SIM_PORT" -b 9600 -f 8E1 --expect 3
i=0
while ! screen | grep -q "scan finished" && [ $i -lt 600 ]; do
	sleep 1
	i=$((i + 1))
done
like "$(screen)" "scan finished: 3 device" "the scan finds the three DL/T645 meters"

# ---- the refresh figure and the sparkline ------------------------------------
keys Enter
wait_for "meterwise \\| Dashboard \\| meter 240512000101,"
ok $? "Enter opens the first meter's dashboard"
wait_for "\\| refresh [0-9]+\\.[0-9]{2} s, bound [0-9]+\\.[0-9]{2} s"
ok $? "the footer shows the measured refresh against the line bound"
bound=$(screen | sed -n 's/.*| refresh [0-9.]* s, bound \([0-9.]*\) s.*/\1/p')
ok "$(awk -v b="$bound" 'BEGIN { exit !(b > 0) }' && echo 0 || echo 1)" "the bound is not zero ($bound s)"
wait_for "P total, [0-9]+ s: +[^ ]+ [0-9]+\\.\\.[0-9]+ W"
ok $? "the sparkline of total power is drawn, with its range"
like "$(screen | sed -n 's/.*P total, [0-9]* s: *[^ ]* \([0-9]*\)\.\..*/\1/p')" "^9[0-9]{2}$" \
	"its range is flat1's power (about 960 W)"

keys F4
wait_for "\\| round [0-9]+\\.[0-9]{2} s measured, bound [0-9]+\\.[0-9]{2} s"
ok $? "the panel shows its round against the bound"
rbound=$(screen | sed -n 's/.*| round [0-9.]* s measured, bound \([0-9.]*\) s.*/\1/p')
ok "$(awk -v b="$rbound" 'BEGIN { exit !(b > 0) }' && echo 0 || echo 1)" \
	"whose bound counts the DL/T645 meters ($rbound s)"
keys F2
wait_for "^ Addr "

# ---- digits then Enter --------------------------------------------------------
keys 1 7
wait_for "open address 17_ \\(Enter\\)"
ok $? "the digits typed are shown"
keys Enter
wait_for "2 DL/T645 meters end in 17: type more of the address"
ok $? "a suffix two meters end in: said, nothing opened"
like "$(screen)" "meterwise \\| Scan \\|" "the scan screen stays"

keys 2 1 7 Enter
wait_for "meterwise \\| Dashboard \\| meter 240512000217,"
ok $? "217 Enter opens the only meter ending in 217"

keys F2
wait_for "^ Addr "
keys 2 4 0 5 1 2 0 0 0 1 1 7 Enter
wait_for "meterwise \\| Dashboard \\| meter 240512000117,"
ok $? "the 12 digits open that meter"

keys F2
wait_for "^ Addr "
keys 9 9 9 Enter
wait_for "no device at address 999"
ok $? "a suffix no meter ends in: no device"

keys F2
wait_for "^ Addr "
keys 0 Enter
wait_for "no device at address 0"
ok $? "0 Enter: no device (a DL/T645 meter has no Modbus address)"
like "$(screen)" "meterwise \\| Scan \\|" "and the scan screen stays"

keys 1 0 1 Enter
wait_for "meterwise \\| Dashboard \\| meter 240512000101,"
ok $? "101 Enter opens meter 240512000101"

keys F10
tui_gone
sim_stop
done_testing
