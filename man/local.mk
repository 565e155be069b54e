# man/: manual pages.
dist_man_MANS += man/meterwise.1 man/meterwise-sim.1 man/meterwise-devices.5
