"""The sync tests use the relay tests' throwaway PostgreSQL cluster and relay server."""

from tests.relay.conftest import pg_cluster, relay, relay_db, relay_limits  # noqa: F401 (fixtures)
