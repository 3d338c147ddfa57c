"""At unlock only approved, unchanged files load; a plugin that fails to import, raises in a hook or takes too long
is switched off for the session with its error shown to admins, and the app and the other plugins go on."""

from __future__ import annotations

import time

from app.container import Container
from app.plugins.listing import rows
from app.plugins.spec import PaymentMethod
from tests.conftest import ADMIN, ADMIN_PASSWORD, STUDIO_NAME
from tests.plugins.support_files import reopen, write_plugin

GOOD = """
    from app.plugins.api import PaymentMethod

    @hookimpl
    def payment_methods(context):
        return [PaymentMethod(code=context.name, label=context.actor.username if context.actor else "app")]
"""


def _states(container, admin):
    return {row.name: (row.state, row.problem) for row in rows(container.plugins,
                                                               container.services.plugins.approvals(admin))}


def test_only_enabled_files_load_at_unlock_and_hooks_get_the_actor(container, admin, stick):
    sha = write_plugin(stick.plugins, "good", GOOD)
    write_plugin(stick.plugins, "other", GOOD)
    container.services.plugins.enable(admin, "good", sha)
    again = reopen(container, stick)
    try:
        assert again.plugins.names() == ["good"]
        assert again.plugins.call("payment_methods", admin) == [("good", [PaymentMethod("good", ADMIN)])]
        assert _states(again, admin) == {"good": ("enabled", ""), "other": ("found", "")}
    finally:
        again.close()


def test_each_plugin_gets_its_own_store_in_the_studio_database(container, admin, stick):
    counter = """
        @hookimpl
        def payment_methods(context):
            context.store.put("calls", context.store.get("calls", 0) + 1)
            return context.store.get("calls")
    """
    for name in ("one", "two"):
        sha = write_plugin(stick.plugins, name, counter)
        container.services.plugins.enable(admin, name, sha)
        container.plugins.enable(name, sha)
    assert container.plugins.call("payment_methods", admin) == [("one", 1), ("two", 1)]
    assert container.plugins.call("payment_methods", admin) == [("one", 2), ("two", 2)]
    again = reopen(container, stick)
    try:
        assert again.plugins.call("payment_methods", admin) == [("one", 3), ("two", 3)]
    finally:
        again.close()


def test_enabling_loads_at_once_and_disabling_takes_it_out(container, admin, stick):
    sha = write_plugin(stick.plugins, "good", GOOD)
    container.services.plugins.enable(admin, "good", sha)
    container.plugins.enable("good", sha)
    assert container.plugins.names() == ["good"]
    container.services.plugins.disable(admin, "good")
    container.plugins.disable("good")
    assert container.plugins.names() == [] and container.plugins.call("payment_methods", admin) == []
    assert _states(container, admin)["good"] == ("found", "")


def test_a_modified_file_is_not_loaded_and_the_admin_is_told(container, admin, stick):
    sha = write_plugin(stick.plugins, "good", GOOD)
    container.services.plugins.enable(admin, "good", sha)
    write_plugin(stick.plugins, "good", GOOD + "    EXTRA = 1\n")
    again = reopen(container, stick)
    try:
        assert again.plugins.names() == []
        state, problem = _states(again, admin)["good"]
        assert state == "changed" and "enable it again" in problem
    finally:
        again.close()


def test_import_error_and_hook_error_leave_the_app_and_the_others_working(container, admin, stick):
    shas = {"good": write_plugin(stick.plugins, "good", GOOD),
            "crashes": write_plugin(stick.plugins, "crashes", "raise RuntimeError('no ink left')\n"),
            "raises": write_plugin(stick.plugins, "raises", """
                @hookimpl
                def payment_methods(context):
                    raise KeyError("voucher")
            """),
            "exits": write_plugin(stick.plugins, "exits", "import sys\nsys.exit(3)\n")}
    for name, sha in shas.items():
        container.services.plugins.enable(admin, name, sha)
    again = reopen(container, stick)
    try:
        assert sorted(again.plugins.names()) == ["good", "raises"]
        assert again.plugins.call("payment_methods", admin) == [("good", [PaymentMethod("good", ADMIN)])]
        states = _states(again, admin)
        assert states["crashes"] == ("failed", "It was switched off for this session after an error in import: "
                                               "RuntimeError: no ink left")
        assert states["exits"][0] == "failed" and "SystemExit" in states["exits"][1]
        assert states["raises"] == ("failed", "It was switched off for this session after an error in "
                                              "payment_methods: KeyError: 'voucher'")
        assert states["good"] == ("enabled", "")
        assert again.services.settings.get(admin).studio_name  # the studio itself works on
    finally:
        again.close()


def test_a_slow_hook_is_abandoned_and_its_plugin_switched_off(container, admin, stick):
    sha = write_plugin(stick.plugins, "sleepy", """
        import time

        @hookimpl
        def payment_methods(context):
            time.sleep(30)
            return []
    """)
    container.services.plugins.enable(admin, "sleepy", sha)
    container.close()
    again = Container(stick)
    again.plugins.limit = 0.2
    again.login(ADMIN, ADMIN_PASSWORD)
    try:
        started = time.monotonic()
        assert again.plugins.call("payment_methods", admin) == []
        assert time.monotonic() - started < 10  # the caller went on long before the hook would have returned
        assert again.plugins.names() == []
        state, problem = _states(again, admin)["sleepy"]
        assert state == "failed" and "took longer than 0.2 s" in problem
    finally:
        again.close()


def test_a_slow_import_is_abandoned_and_the_unlock_goes_on(container, admin, stick):
    sha = write_plugin(stick.plugins, "stuck", "import time\ntime.sleep(30)\n")
    container.services.plugins.enable(admin, "stuck", sha)
    container.close()
    again = Container(stick)
    again.plugins.limit = 0.2
    started = time.monotonic()
    again.login(ADMIN, ADMIN_PASSWORD)
    try:
        assert time.monotonic() - started < 10  # the unlock did not wait for the import
        assert again.plugins.names() == []
        state, problem = _states(again, admin)["stuck"]
        assert state == "failed" and "Importing it took longer than 0.2 s" in problem
    finally:
        again.close()


def test_a_plugin_needing_a_newer_app_is_refused(container, admin, stick):
    sha = write_plugin(stick.plugins, "future", GOOD, min_app="99.0")
    container.services.plugins.enable(admin, "future", sha)
    container.plugins.enable("future", sha)
    assert container.plugins.names() == []
    state, problem = _states(container, admin)["future"]
    assert state == "refused" and "needs app version 99.0 or newer" in problem


def test_startup_and_shutdown_are_called(container, admin, stick):
    log = stick.root / "calls.txt"
    sha = write_plugin(stick.plugins, "lifecycle", f"""
        @hookimpl
        def startup(context):
            open({str(log)!r}, "a").write("startup " + str(context.actor) + "\\n")

        @hookimpl
        def shutdown(context):
            open({str(log)!r}, "a").write("shutdown\\n")
    """)
    container.services.plugins.enable(admin, "lifecycle", sha)
    again = reopen(container, stick)
    assert [again.plugins.host.implementers(hook) for hook in ("startup", "shutdown")] == [["lifecycle"]] * 2
    assert log.read_text() == "startup None\n"  # at unlock, as the app (no actor)
    again.close()
    assert log.read_text() == "startup None\nshutdown\n"


def test_plugins_keep_working_after_a_restore_with_the_new_services(container, admin, stick):
    enable_sha = write_plugin(stick.plugins, "namer", """
        @hookimpl
        def payment_methods(context):
            return context.services.settings.get(context.actor).studio_name
    """)
    container.services.plugins.enable(admin, "namer", enable_sha)
    container.plugins.enable("namer", enable_sha)
    point = container.services.backups.backup_now(admin)
    container.services.settings.update(admin, studio_name="Renamed After The Backup")
    assert container.plugins.call("payment_methods", admin) == [("namer", "Renamed After The Backup")]
    before = container.services
    container.restore(admin, point.name)
    assert container.services is not before
    assert container.plugins.call("payment_methods", admin) == [("namer", STUDIO_NAME)]  # the restored name
    assert container.plugins.context("namer", admin).services is container.services
