# SPDX-License-Identifier: GPL-3.0-or-later
# tests/commission/lib.sh - helpers for the commissioning tests.  Source
# after tests/lib.sh.

# ctl COMMAND: send one command to the simulator's control socket ($CTL).
ctl() {
	"$MWSIM" --control "$CTL" --command "$*" >"$T/ctl.out" 2>&1 ||
		{ echo "# control: $* failed:"; sed 's/^/#   /' "$T/ctl.out"; return 1; }
}

# wait_lines FILE REGEX COUNT [PID]: wait (at most 30 s) until FILE has
# COUNT lines matching REGEX; fails early when PID has exited.
count_lines() { # FILE REGEX: matching lines, 0 while FILE does not exist yet
	n=$(grep -Ec -- "$2" "$1" 2>/dev/null)
	echo "${n:-0}"
}

wait_lines() {
	i=0
	while [ "$(count_lines "$1" "$2")" -lt "$3" ]; do
		i=$((i + 1))
		if [ $i -gt 600 ]; then
			echo "# timed out waiting for $3 x /$2/ in $1:"
			sed 's/^/#   /' "$1" | tail -20
			return 1
		fi
		if [ -n "${4:-}" ] && ! kill -0 "$4" 2>/dev/null; then
			[ "$(count_lines "$1" "$2")" -ge "$3" ] && return 0
			echo "# process $4 exited while waiting for /$2/ in $1:"
			sed 's/^/#   /' "$1" | tail -20
			return 1
		fi
		sleep 0.05
	done
	return 0
}

# state_line STATE DEVICE: "ADDRESS BAUD FORMAT" of DEVICE in the sim's --state file.
state_line() {
	awk -v d="$2" '$1 == "device" { cur = $2 } cur == d && $1 == "line" { print $2, $3, $4 }' "$1"
}

# state_word STATE DEVICE REG: the holding register REG (0x hex, 4 digits) of
# DEVICE, in decimal.
state_word() {
	v=$(awk -v d="$2" -v r="$3" '$1 == "device" { cur = $2 }
		cur == d && $1 == "word" && $2 == "holding" && $3 == r { print $4 }' "$1")
	[ -n "$v" ] && printf '%d\n' "$v"
}

# csv_field CSV KEYCOL KEY COLUMN: the cell in column COLUMN (by header
# name) of the row whose column KEYCOL is KEY (no quoted cells).
csv_field() {
	awk -F, -v kc="$2" -v k="$3" -v col="$4" '
		/^#/ { next }
		!h { for (i = 1; i <= NF; i++) idx[$i] = i; h = 1; next }
		$idx[kc] == k { print $idx[col]; exit }' "$1"
}

# plan_nth PLAN MODEL N: the label of the N-th row (1-based) of MODEL (the
# device file id, or its name in any case).
plan_nth() {
	awk -F, -v m="$2" -v n="$3" '
		/^#/ { next }
		!h { h = 1; next }
		tolower($2) == tolower(m) && ++k == n { print $1; exit }' "$1"
}

# wait_exit PID [SECONDS]: wait (default 60 s) for PID to exit and return its
# status; a process still running then is stopped (TERM, then KILL) and 124
# returned, so a failing test never hangs.
wait_exit() {
	i=0
	lim=$((${2:-60} * 20))
	while kill -0 "$1" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt $lim ]; then
			echo "# process $1 still running after ${2:-60} s: stopped"
			kill -TERM "$1" 2>/dev/null
			sleep 1
			kill -KILL "$1" 2>/dev/null
			wait "$1" 2>/dev/null
			return 124
		fi
		sleep 0.05
	done
	wait "$1"
}
