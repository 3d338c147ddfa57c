"""Which test calls each hook through the real code path (the host, the services, the API or the screens).

tests/plugins/test_hooks_documented.py checks every entry: the test exists and its code (or a fixture or helper of
its module that it uses) names the hook. A hook whose tests live on another branch not merged yet is listed in
AWAITING_MERGE with whose work covers it; the meta-test fails strictly once that set is empty and a hook has no test."""

from __future__ import annotations

HOOK_TESTS: dict[str, tuple[str, ...]] = {
    "register_routes": (
        "tests/plugins/test_gift_card_routes.py::test_every_gift_card_route_declares_a_policy_and_each_role_meets_it",
        "tests/plugins/test_aftercare_sheets.py::test_the_studios_own_text_is_printed_and_the_sheet_downloads",
    ),
    "startup": ("tests/plugins/test_plugin_loading.py::test_startup_and_shutdown_are_called",),
    "shutdown": ("tests/plugins/test_plugin_loading.py::test_startup_and_shutdown_are_called",),
    "register_screens": (
        "tests/ui/test_gift_cards_screen.py::test_staff_sell_a_voucher_and_look_it_up",
        "tests/ui/test_aftercare_screen.py::test_the_screen_offers_todays_finished_sessions_and_saves_a_sheet",
    ),
    "session_status_changed": (
        "tests/plugins/test_aftercare_sheets.py::test_marking_a_session_done_makes_its_sheet_in_the_studios_language",
    ),
    "payment_methods": (
        "tests/plugins/test_gift_card_vouchers.py::test_the_register_is_offered_gift_card_as_a_payment_method",
    ),
    "extend_exports": (
        "tests/plugins/test_gift_card_exports.py::test_the_days_sales_are_a_z_report_line_and_rows_of_gift_cards_csv",
    ),
    "register_jobs": (
        "tests/plugins/core_hooks/test_plugin_jobs.py::test_an_admin_runs_a_plugin_job_now_and_it_lands_in_the_history",
        "tests/plugins/test_gift_card_expiry_job.py::test_the_daily_job_notes_each_voucher_that_expired_with_money_left_once",
    ),
    "client_created": (
        "tests/plugins/core_hooks/test_events_after_commit.py::test_each_event_reaches_the_plugin_after_the_commit",
    ),
    "client_anonymised": (
        "tests/plugins/test_aftercare_forgets_anonymised_clients.py::"
        "test_anonymising_a_client_through_the_service_deletes_their_sheets_and_keeps_the_others",
    ),
    "payment_recorded": (
        "tests/plugins/core_hooks/test_events_after_commit.py::test_each_event_reaches_the_plugin_after_the_commit",
        "tests/plugins/core_hooks/test_events_after_commit.py::test_a_raising_plugin_leaves_the_payment_recorded_and_the_answer_201",
    ),
    "day_closed": (
        "tests/plugins/core_hooks/test_events_after_commit.py::test_each_event_reaches_the_plugin_after_the_commit",
    ),
}

# hook -> whose branch holds the test that calls it through the core (fill HOOK_TESTS and remove it at merge)
AWAITING_MERGE: dict[str, str] = {
}
