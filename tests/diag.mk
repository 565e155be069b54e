# tests/diag.mk
