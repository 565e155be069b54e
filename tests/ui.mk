# tests/ui.mk: the TUI, headless in tmux at a fixed size (tests/ui/lib-tmux.sh).
UI_TESTS = tests/ui-demo.sh tests/ui-tariff.sh tests/ui-reconnect.sh tests/ui-dc.sh \
	tests/ui-picker.sh
TESTS += $(UI_TESTS)
dist_check_SCRIPTS += $(UI_TESTS)
EXTRA_DIST += tests/ui/lib-tmux.sh tests/ui/tariff-panel.yaml tests/ui/dc-panel.yaml \
	tests/ui/devices/dc-test-meter.yaml
