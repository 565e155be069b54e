# tests/commission.mk
