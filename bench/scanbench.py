#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""scanbench.py - the figures of bench/scan-bench.sh (see there).

Starts meterwise-sim on a pty per scenario, runs `meterwise scan` (and a
shell loop of mbpoll), and compares wall times with the timing model of
DESIGN.md, computed here from the scenario file and the device files:
t = c/B (c = 10 for 8N1, 11 otherwise); an empty address costs the
timeout tau; a device answering a read of n registers costs
8t + T + (5+2n)t (an exception reply: 8t + T + 5t).
"""
import argparse
import glob
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import yaml

ADDRS = 247


TIMING = None  # bench/mw-timing: the timing model of src/line/timing.h
SIM_ARGS = []  # --sim-arg: extra arguments for every meterwise-sim

# (4) the USB adapters simulated (meterwise-sim --adapter): label, SPEC, L ms
ADAPTERS = (
    ("none (pty)", "none", 0),  # the baseline on the same machine, same load
    ("ftdi 16 ms", "ftdi", 16),
    ("ftdi 1 ms", "ftdi,latency=1", 1),
    ("echo", "echo", 0),
    ("ftdi 16+echo", "ftdi,echo", 16),
)


def timing(*args):
    """One figure of meterwise's own timing model, in ms."""
    out = subprocess.run([TIMING] + [str(a) for a in args], check=True,
                         capture_output=True, text=True).stdout
    return float(out)


def char_time(baud, fmt):
    return timing("char", baud, fmt) / 1000.0


def load_models(srcdir):
    models = {}
    for path in glob.glob(os.path.join(srcdir, "devices", "*.yaml")):
        with open(path) as f:
            doc = yaml.safe_load(f)
        line = doc.get("line", {})
        d = line.get("default", {})
        models[os.path.basename(path)[:-5]] = {
            "name": doc["model"]["name"],
            "bauds": line.get("bauds", []),
            "formats": [str(x) for x in line.get("formats", [])],
            "baud": d.get("baud"),
            "format": str(d.get("format")),
            "address": d.get("address", 1),
            "turnaround_ms": line.get("turnaround_ms", 0),
            "has_values": bool(doc.get("values")),
        }
    return models


def load_scenario(path, models):
    """Devices as the simulator places them: scenario keys over model defaults."""
    with open(path) as f:
        doc = yaml.safe_load(f)
    devs = []
    for d in doc["devices"]:
        m = models[d["model"]]
        faults = d.get("faults") or {}
        devs.append({
            "id": d["id"],
            "model": d["model"],
            "name": m["name"],
            "address": int(d.get("address", m["address"])),
            "baud": int(d.get("baud", m["baud"])),
            "format": str(d.get("format", m["format"])),
            "turnaround_ms": float(d.get("turnaround_ms", m["turnaround_ms"]))
            + float(faults.get("extra_turnaround_ms", 0)),
            "attached": d.get("attached", True) not in (False, "no", "off", "false"),
            "reply_bytes": 5 + 2 if m["has_values"] else 5,
        })
    return [d for d in devs if d["attached"]]


class Sim:
    def __init__(self, builddir, scenario, tmp, name, attach=None, extra=()):
        self.link = os.path.join(tmp, name + ".tty")
        self.sim = os.path.join(builddir, "meterwise-sim")
        self.ctl = os.path.join(tmp, name + ".ctl")
        args = [self.sim, "--scenario", scenario, "--link", self.link] + SIM_ARGS + list(extra)
        if attach is not None:
            args += ["--detached", "--control", self.ctl]
        self.proc = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, name + ".err"), "w"))
        self.wait_link()
        for dev in attach or []:
            for _ in range(100):  # the control socket may come up just after the link
                if subprocess.run([self.sim, "--control", self.ctl, "--command", "attach " + dev],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
                    break
                time.sleep(0.05)
            else:
                sys.exit("scan-bench: cannot attach %s through %s" % (dev, self.ctl))

    def wait_link(self):
        for _ in range(200):
            if os.path.exists(self.link):
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        sys.exit("scan-bench: meterwise-sim did not start: " + " ".join(self.proc.args))

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=10)


def scan(builddir, port, args):
    """Run meterwise scan --json (its Modbus pass: the figures here are
    Modbus's; bench/scan-dlt645.sh measures the DL/T645 pass); returns
    (wall seconds, parsed JSON)."""
    cmd = [os.path.join(builddir, "meterwise"), "scan", "-p", port, "--json",
           "--protocol", "modbus"] + args
    t0 = time.monotonic()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t0
    if r.returncode not in (0, 1):
        sys.exit("scan-bench: %s failed (%d): %s" % (" ".join(cmd), r.returncode, r.stderr))
    return wall, json.loads(r.stdout)


def sweep_bound(devs, baud, fmt, tau_s, latency_ms=0.0):
    """N_empty*tau + sum over the devices found of 8t + T + (5+2n)t (+ L: a USB
    adapter may hold a reply up to its latency)."""
    here = {}
    for d in devs:
        if d["baud"] == baud and d["format"] == fmt:
            here.setdefault(d["address"], []).append(d)
    found = [v[0] for v in here.values() if len(v) == 1]  # a collision decodes nothing
    n_empty = ADDRS - len(here)
    reqs = ["%g:%d" % (d["turnaround_ms"] + latency_ms, d["reply_bytes"]) for d in found]
    bound = timing("bound", baud, fmt, n_empty, tau_s * 1000.0, *reqs) / 1000.0
    return bound, len(found)


def mbpoll_loop(port, baud, fmt, tau_s, tmp):
    """The usual way: a shell loop of mbpoll, one address at a time."""
    parity = {"8N1": "none", "8N2": "none", "8E1": "even", "8O1": "odd"}[fmt]
    stop = "2" if fmt == "8N2" else "1"
    script = os.path.join(tmp, "mbpoll-loop.sh")
    with open(script, "w") as f:
        f.write('n=0\nfor a in $(seq 1 %d); do\n'
                '  if mbpoll -m rtu -b %d -d 8 -P %s -s %s -a $a -t 4:hex -0 -r 0 -c 1 -1 '
                '-o %.3f "%s" >/dev/null 2>&1; then n=$((n+1)); fi\n'
                'done\necho $n\n' % (ADDRS, baud, parity, stop, tau_s, port))
    t0 = time.monotonic()
    r = subprocess.run(["sh", script], stdout=subprocess.PIPE, text=True)
    return time.monotonic() - t0, int(r.stdout.strip() or 0)


def mbpoll_list(port, baud, fmt, tau_s):
    """mbpoll given the whole address list: one process, one port opening."""
    parity = {"8N1": "none", "8N2": "none", "8E1": "even", "8O1": "odd"}[fmt]
    stop = "2" if fmt == "8N2" else "1"
    cmd = ["mbpoll", "-m", "rtu", "-b", str(baud), "-d", "8", "-P", parity, "-s", stop,
           "-a", "1:%d" % ADDRS, "-t", "4:hex", "-0", "-r", "0", "-c", "1", "-1",
           "-o", "%.3f" % tau_s, port]
    t0 = time.monotonic()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return time.monotonic() - t0, sum(1 for ln in r.stdout.splitlines() if "0x" in ln)


def check_found(devs, result):
    """Devices of the scenario the scan reported with the right settings and model."""
    got = {(d["address"], d["baud"], f, d["model"])
           for d in result["devices"] for f in d["formats"]}
    ok = sum(1 for d in devs if (d["address"], d["baud"], d["format"], d["model"]) in got)
    return ok


def adapters(a, models, scen, tmp, out):
    """(4) full sweeps through simulated USB adapters, against the bound with
    the adapter's configured latency L: tau = 9t + T_max + L (+2 ms, as in
    (1)), each reply + L."""
    demo = load_scenario(scen("demo-panel"), models)
    t_max = max(d["turnaround_ms"] for d in demo)
    print("(4) full sweep 1-%d through a USB adapter (meterwise-sim --adapter SPEC), demo-panel"
          % ADDRS)
    hdr = "%-13s %-14s %-10s %6s %5s %8s %8s %6s | %8s %6s %7s" % (
        "adapter", "spec", "setting", "tau_ms", "found", "scan_s", "bound_s", "ratio",
        "adapt_s", "ratio", "L_meas")
    print(hdr)
    print("-" * len(hdr))
    for label, spec, lat in ADAPTERS:
        sim = Sim(a.builddir, scen("demo-panel"), tmp, "ad", extra=["--adapter", spec])
        try:
            for baud, fmt in ((9600, "8N1"), (19200, "8E1")):
                tau_ms = math.ceil(timing("first-byte", baud, fmt, t_max) + lat) + 2
                common = ["--baud", str(baud), "--format", fmt, "--exhaustive",
                          "--no-identify", "--stats"]
                if lat:
                    common += ["--latency", str(lat)]
                wall, res = scan(a.builddir, sim.link, common + ["--timeout", str(tau_ms)])
                bound, n_dev = sweep_bound(demo, baud, fmt, tau_ms / 1000.0, lat)
                # the same sweep with the adaptive timeout, nothing stated
                aw, ares = scan(a.builddir, sim.link,
                                ["--baud", str(baud), "--format", fmt, "--exhaustive",
                                 "--no-identify", "--stats"])
                ratio = wall / bound
                out.append(("adapter %s %d %s" % (label, baud, fmt), ratio, 1.10))
                print("%-13s %-14s %-10s %6d %5s %8.3f %8.3f %6.3f | %8.3f %6.3f %7.1f" % (
                    label, spec, "%d %s" % (baud, fmt), tau_ms,
                    "%d/%d" % (len(res["devices"]), n_dev), wall, bound, ratio, aw,
                    aw / bound, ares["stats"].get("adapter_latency_ms", 0)))
        finally:
            sim.stop()
    print("scan_s: `meterwise scan --exhaustive --no-identify --timeout TAU --latency L`;")
    print("bound_s: N_empty*TAU + sum over the devices found of 8t + T + (5+2n)t + L, "
          "TAU = 9t + T_max + L + 2 ms;")
    print("adapt_s: the same sweep with the adaptive timeout and no --latency (ratio against "
          "the same bound); L_meas: the latency it measured, ms\n")


def report(out):
    print("targets:")
    bad = 0
    for what, ratio, limit in out:
        good = ratio <= limit if limit == 1.10 else ratio < limit
        bad += not good
        print("  %-30s ratio %.3f  %s %s %.2f" % (
            what, ratio, "ok:" if good else "MISSED:", "<=" if limit == 1.10 else "<", limit))
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--srcdir", required=True)
    ap.add_argument("--builddir", required=True)
    ap.add_argument("--sim-arg", action="append", default=[],
                    help="an extra argument for every meterwise-sim (repeat it)")
    ap.add_argument("--adapters", action="store_true",
                    help="only (4): the sweeps through simulated USB adapters")
    a = ap.parse_args()
    global TIMING
    SIM_ARGS.extend(a.sim_arg)
    TIMING = os.path.join(a.builddir, "bench", "mw-timing")
    models = load_models(a.srcdir)
    scen = lambda n: os.path.join(a.srcdir, "sim", "scenarios", n + ".yaml")
    tmp = tempfile.mkdtemp(prefix="scanbench.")
    out = []
    if a.adapters:
        try:
            print("meterwise scan benchmark through USB adapters on meterwise-sim (%s)\n"
                  % time.strftime("%Y-%m-%d %H:%M"))
            adapters(a, models, scen, tmp, out)
            return report(out)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    try:
        demo = load_scenario(scen("demo-panel"), models)
        t_max = max(d["turnaround_ms"] for d in demo)
        print("meterwise scan benchmark on meterwise-sim (%s)" % time.strftime("%Y-%m-%d %H:%M"))
        print("timing model: t = c/B; empty address = tau; reply = 8t + T + (5+2n)t; "
              "T from the scenario (slowest %.1f ms)\n" % t_max)

        # (1) and (3): full sweeps at a fixed timeout, and mbpoll.
        print("(1) full sweep 1-%d, fixed timeout, demo-panel; (3) mbpoll shell loop, same timeout"
              % ADDRS)
        hdr = "%-10s %6s %5s %8s %8s %8s %6s | %9s %5s %7s | %9s %5s %7s" % (
            "setting", "tau_ms", "found", "requests", "scan_s", "bound_s", "ratio",
            "mbloop_s", "found", "/scan", "mblist_s", "found", "/scan")
        print(hdr)
        print("-" * len(hdr))
        sim = Sim(a.builddir, scen("demo-panel"), tmp, "demo")
        try:
            for baud, fmt in ((9600, "8N1"), (19200, "8E1")):
                tau_ms = math.ceil(timing("first-byte", baud, fmt, t_max)) + 2
                wall, res = scan(a.builddir, sim.link,
                                 ["--baud", str(baud), "--format", fmt, "--timeout", str(tau_ms),
                                  "--exhaustive", "--no-identify"])
                bound, n_dev = sweep_bound(demo, baud, fmt, tau_ms / 1000.0)
                mb_s, mb_n = mbpoll_loop(sim.link, baud, fmt, tau_ms / 1000.0, tmp)
                ml_s, ml_n = mbpoll_list(sim.link, baud, fmt, tau_ms / 1000.0)
                ratio = wall / bound
                out.append(("sweep %d %s" % (baud, fmt), ratio, 1.10))
                print("%-10s %6d %5s %8d %8.3f %8.3f %6.3f | %9.3f %5d %7.2f | %9.3f %5d %7.2f" % (
                    "%d %s" % (baud, fmt), tau_ms, "%d/%d" % (len(res["devices"]), n_dev),
                    res["stats"]["requests"], wall, bound, ratio, mb_s, mb_n, mb_s / wall,
                    ml_s, ml_n, ml_s / wall))
        finally:
            sim.stop()
        print("scan_s: wall time of the whole `meterwise scan --exhaustive --no-identify` process;")
        print("bound_s: N_empty*tau + sum over the scenario's devices at that setting of "
              "8t + T + (5+2n)t;")
        print("mbloop_s: `for a in 1..247: mbpoll -a $a ... -1 -o TAU` in sh; mblist_s: one "
              "`mbpoll -a 1:247 ... -1 -o TAU`;")
        print("/scan: their time over meterwise's\n")

        # (2) discovery vs exhaustive.
        print("(2) discovery across every setting the device files support, "
              "against an exhaustive sweep")
        hdr = "%-12s %7s %9s %11s %13s %9s %7s" % (
            "scenario", "devices", "correct", "discover_s", "exhaustive_s", "correct", "ratio")
        print(hdr)
        print("-" * len(hdr))
        for name, label in (("demo-panel", "demo-panel"), ("factory-new", "factory-new*")):
            devs = load_scenario(scen(name), models)
            attach = None
            if name == "factory-new":
                # Meters straight from the box all sit at address 1: they are
                # connected one at a time (here one of each model, as their
                # factory settings differ), or they collide.
                first = {}
                for d in devs:
                    first.setdefault(d["model"], d)
                devs = list(first.values())
                attach = [d["id"] for d in devs]
            sim = Sim(a.builddir, scen(name), tmp, name, attach)
            try:
                d_s, d_res = scan(a.builddir, sim.link, ["--expect", str(len(devs))])
                e_s, e_res = scan(a.builddir, sim.link, ["--exhaustive"])
            finally:
                sim.stop()
            ratio = d_s / e_s
            if name == "demo-panel":
                out.append(("discovery demo-panel", ratio, 0.25))
            print("%-12s %7d %9s %11.3f %13.3f %9s %7.3f" % (
                label, len(devs), "%d/%d" % (check_found(devs, d_res), len(devs)), d_s,
                e_s, "%d/%d" % (check_found(devs, e_res), len(devs)), ratio))
            print("%-12s settings tried: discovery %d, exhaustive %d; requests %d vs %d" % (
                "", d_res["stats"]["settings"], e_res["stats"]["settings"],
                d_res["stats"]["requests"], e_res["stats"]["requests"]))
        print("discover: meterwise scan --expect N (N = devices connected); "
              "exhaustive: meterwise scan --exhaustive")
        print("* factory-new: one meter of each model connected (%s), as commissioning does;"
              % ", ".join(attach))
        print("  with all twelve connected they collide at address 1 (see below)\n")

        # factory-new with every meter connected: the collisions, found fast.
        devs = load_scenario(scen("factory-new"), models)
        sim = Sim(a.builddir, scen("factory-new"), tmp, "factory-all")
        try:
            c_s, c_res = scan(a.builddir, sim.link, ["--quick"])
        finally:
            sim.stop()
        coll = [e for e in c_res["events"] if e["kind"] == "collision"]
        print("factory-new, all %d connected, scan --quick: %.3f s, %d devices, collisions at: %s\n"
              % (len(devs), c_s, len(c_res["devices"]),
                 ", ".join("address %d %d %s" % (e["address"], e["baud"], e["format"])
                           for e in coll) or "none"))
        adapters(a, models, scen, tmp, out)
        return report(out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
