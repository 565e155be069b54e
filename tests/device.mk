# tests/device.mk
