"""The wire contract: pydantic request and answer models, one module per API area.

A leaf: it imports only pydantic and app.domain, so the API and the client share it and the
client never loads the server (flask, SQL, reports, flows).
"""
