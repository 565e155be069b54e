# src/codec.mk
