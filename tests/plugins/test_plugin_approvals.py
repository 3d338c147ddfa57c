"""Only an admin enables or disables a plugin; enabling pins the SHA-256 the admin saw; both are audited."""

from __future__ import annotations

import pytest

from app.domain.errors import ConflictError, ForbiddenError
from tests.plugins.support_files import write_plugin


def test_an_admin_enables_the_file_they_saw_and_the_trail_says_so(container, admin, stick):
    sha = write_plugin(stick.plugins, "vouchers", version="2.1")
    [approval] = [container.services.plugins.enable(admin, "vouchers", sha)]
    assert (approval.name, approval.sha256, approval.approved_by, approval.enabled) == ("vouchers", sha, admin.id, True)
    assert approval.approved_by_name == admin.username
    [line] = container.services.audit.recent(admin, entity="plugin")
    assert (line.action, line.actor_id) == ("enable", admin.id)
    assert line.summary == f"Plugin vouchers 2.1 enabled (SHA-256 {sha})"
    container.services.plugins.disable(admin, "vouchers")
    assert [a.enabled for a in container.services.plugins.approvals(admin)] == [False]
    assert [e.action for e in container.services.audit.recent(admin, entity="plugin")] == ["disable", "enable"]


def test_a_file_swapped_after_the_admin_saw_it_is_not_enabled(container, admin, stick):
    seen = write_plugin(stick.plugins, "vouchers")
    write_plugin(stick.plugins, "vouchers", "EVIL = True\n")
    with pytest.raises(ConflictError, match="changed since the list was shown"):
        container.services.plugins.enable(admin, "vouchers", seen)
    assert container.services.plugins.approvals(admin) == []


def test_staff_may_neither_list_nor_enable_nor_disable(container, staff, stick):
    sha = write_plugin(stick.plugins, "vouchers")
    plugins = container.services.plugins
    for attempt in (lambda: plugins.approvals(staff), lambda: plugins.enable(staff, "vouchers", sha),
                    lambda: plugins.disable(staff, "vouchers")):
        with pytest.raises(ForbiddenError, match="Only an admin can"):
            attempt()
    assert plugins.approved() == []
