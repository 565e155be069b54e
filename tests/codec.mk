# tests/codec.mk
