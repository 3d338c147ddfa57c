"""/api/settings answers in the request's language (Accept-Language): what backups keep, as a whole sentence with
its counts and periods listed the language's way."""

from __future__ import annotations


def test_what_backups_keep_comes_in_the_language_the_request_asks_for(client, admin_headers, staff_headers):
    changed = client.patch("/api/settings", headers=admin_headers,
                           json={"keep_hours": 12, "keep_daily": 10, "keep_weekly": 0, "keep_monthly": 6})
    assert changed.status_code == 200
    spanish = client.get("/api/settings", headers={**staff_headers, "Accept-Language": "es-ES,es;q=0.9"}).json
    assert spanish["backups_kept"] == (
        "Se guardan: todas las copias de las últimas 12 horas; después, la más reciente de cada periodo durante los "
        "últimos 10 días y los últimos 6 meses; las 2 copias de precaución más recientes hechas antes de una "
        "restauración o una actualización, y de las bases de datos dañadas.")
    french = client.get("/api/settings", headers={**staff_headers, "Accept-Language": "fr"}).json
    assert french["backups_kept"].startswith("Ce qui est conservé : toutes les sauvegardes des 12 dernières heures, "
                                             "puis la plus récente de chaque période sur les 10 derniers jours et "
                                             "les 6 derniers mois ;")
    assert client.get("/api/settings", headers=staff_headers).json["backups_kept"].startswith("Kept: every backup")
