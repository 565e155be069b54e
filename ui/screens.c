/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * screens.c - the registry of screens, in the order of enum mw_screen_id.
 */
#include "config.h"

#include "ui.h"

const struct mw_screen *const mw_screens[MW_SCR__COUNT] = {
    [MW_SCR_SCAN] = &mw_scr_scan,         [MW_SCR_DASH] = &mw_scr_dash,
    [MW_SCR_PANEL] = &mw_scr_panel,       [MW_SCR_SETTINGS] = &mw_scr_settings,
    [MW_SCR_SCHEDULE] = &mw_scr_schedule, [MW_SCR_ACTIONS] = &mw_scr_actions,
    [MW_SCR_RAW] = &mw_scr_raw,           [MW_SCR_COMMISSION] = &mw_scr_commission,
    [MW_SCR_HELP] = &mw_scr_help,
};
