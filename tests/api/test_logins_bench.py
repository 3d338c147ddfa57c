"""`tools/bench --logins` runs end to end on a tiny load and reports consistent figures."""

from __future__ import annotations

from tools.benchmarks import logins


def test_logins_bench_reports_every_login_answered_and_health_kept(capsys):
    result = logins.run(threads=2, per_thread=2)
    assert result["logins"] == 4 and result["ok"] == 4 and result["busy_503"] == 0
    assert result["logins_per_s"] > 0 and result["health_failures"] == 0
    assert result["wrong_password_known_name_ms"] > 0 and result["wrong_password_unknown_name_ms"] > 0
    logins.print_table(result)
    assert "logins per second" in capsys.readouterr().out
