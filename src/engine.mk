# src/engine.mk
