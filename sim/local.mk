# sim/: meterwise-sim
