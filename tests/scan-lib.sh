# SPDX-License-Identifier: GPL-3.0-or-later
# tests/scan-lib.sh - helpers of the scan tests (sourced after lib.sh).
#
# scenario_devices FILE prints one line per attached device of a scenario:
#   ID MODEL ADDRESS BAUD FORMAT
# read from the scenario itself, with what it leaves out taken from the
# model's factory defaults in its device file (as meterwise-sim does).
# It reads the block and flow YAML styles the scenarios use; it is not a
# YAML parser, and says so (exit 1) when a device has no id or model.

# model_default MODEL KEY: the factory default (baud, format, address) of a device file.
model_default() {
	sed -n 's/^ *default: *{\(.*\)}.*/\1/p' "$MW_DEVICES_PATH/$1.yaml" | tr ',' '\n' |
		sed -n "s/^ *$2: *\"\{0,1\}\([^\" ]*\)\"\{0,1\} *$/\1/p" | head -n 1
}

# model_name MODEL: the model's name as meterwise prints it, "unknown" when
# its device file has no identification probes (nothing can recognise it).
model_name() {
	if grep -q '^identify:' "$MW_DEVICES_PATH/$1.yaml"; then
		sed -n '/^model:/,/^[a-z]/s/^  name: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' \
			"$MW_DEVICES_PATH/$1.yaml" | head -n 1
	else
		echo unknown
	fi
}

scenario_devices() {
	awk '
	function flush() {
		if (!item) return
		if (id == "" || model == "") { bad = 1; return }
		if (attached !~ /^(false|no|off)$/)
			print id, model, (addr == "" ? "-" : addr), (baud == "" ? "-" : baud), (fmt == "" ? "-" : fmt)
		item = 0
	}
	function take(k, v) {
		gsub(/^[ \t"'\'']+|[ \t"'\'']+$/, "", v)
		sub(/[ \t]+#.*$/, "", v)
		if (k == "id") id = v
		else if (k == "model") model = v
		else if (k == "address") addr = v
		else if (k == "baud") baud = v
		else if (k == "format") fmt = v
		else if (k == "attached") attached = v
	}
	function flow(s,   n, i, parts, kv) {
		sub(/^[ \t]*\{/, "", s); sub(/\}[ \t]*(#.*)?$/, "", s)
		n = split(s, parts, ",")
		for (i = 1; i <= n; i++)
			if (match(parts[i], /^[ \t]*[a-z_]+[ \t]*:/)) {
				kv = parts[i]
				sub(/^[ \t]+/, "", kv)
				take(substr(kv, 1, index(kv, ":") - 1), substr(kv, index(kv, ":") + 1))
			}
	}
	/^devices:/ { in_dev = 1; next }
	in_dev && /^[^ \t#-]/ { flush(); in_dev = 0 }
	!in_dev { next }
	/^[ \t]*(#.*)?$/ { next }
	{
		line = $0
		ind = match(line, /[^ ]/) - 1
		if (substr(line, ind + 1, 2) == "- " && (item_ind == "" || ind <= item_ind)) {
			flush()
			item = 1; item_ind = ind; key_ind = ind + 2
			id = model = addr = baud = fmt = attached = ""
			rest = substr(line, ind + 3)
			if (rest ~ /^[ \t]*\{/) { flow(rest); next }
			line = sprintf("%" key_ind "s%s", "", rest)
			ind = key_ind
		}
		if (item && ind == key_ind && match(line, /^[ \t]*[a-z_]+:/)) {
			k = substr(line, ind + 1); k = substr(k, 1, index(k, ":") - 1)
			v = substr(line, index(line, ":") + 1)
			if (v !~ /^[ \t]*(#.*)?$/ && v !~ /^[ \t]*\{/) take(k, v)
		}
	}
	END { flush(); exit bad }
	' "$1" | while read -r id model addr baud fmt; do
		# A scan does not find DL/T645-1997 meters (meterwise(1)): left out.
		grep -q '^protocol: *dlt645-1997' "$MW_DEVICES_PATH/$model.yaml" && continue
		[ "$addr" = - ] && addr=$(model_default "$model" address)
		[ "$baud" = - ] && baud=$(model_default "$model" baud)
		[ "$fmt" = - ] && fmt=$(model_default "$model" format)
		echo "$id $model $addr $baud $fmt"
	done
}

# no_writes LOG: true when the frame log holds requests but none that
# writes (FC 05, 06, 0F, 10).
log_requests() { awk '$2 == "RX"' "$1" | wc -l | tr -d ' '; }
log_writes() { awk '$2 == "RX" && ($4 == "05" || $4 == "06" || $4 == "0F" || $4 == "10")' "$1"; }

# uniq_list "a b a c": "a,b,c"
uniq_list() { printf '%s\n' $1 | awk '!seen[$0]++' | paste -sd, -; }

# model_protocol MODEL: "dlt645" when its device file says `protocol: dlt645`, else "modbus".
model_protocol() {
	if grep -q '^protocol: *dlt645' "$MW_DEVICES_PATH/$1.yaml"; then echo dlt645; else echo modbus; fi
}

# ere TEXT: TEXT with the characters special to grep -E escaped (model names
# carry parentheses).
ere() { printf '%s\n' "$1" | sed 's/[][()\.*+?^$|{}]/\\&/g'; }

# json_num JSON KEY: the first number after "KEY": in the (one-line) JSON.
json_num() { printf '%s\n' "$1" | sed -n "s/.*\"$2\": \([0-9.]*\).*/\1/p" | head -n 1; }
