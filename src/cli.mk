# src/cli.mk
