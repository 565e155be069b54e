# src/diag.mk
