"""One HTTP session to the API: bearer token, JSON in and out, errors back as domain errors."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar, overload

import httpx
from pydantic import BaseModel, TypeAdapter

from app.core import i18n
from app.domain import errors

T = TypeVar("T")
JsonObject = dict[str, Any]  # a request body already in JSON's shapes
Param = str | int | float | bool | None  # one query-string value; None values are left out
Params = Mapping[str, Param]

# The inverse of app/api/errors.py's table: an answer's `error` kind -> the domain error to raise.
KINDS: dict[str, type[errors.DomainError]] = {
    "unauthenticated": errors.AuthError, "locked": errors.AuthError, "forbidden": errors.ForbiddenError,
    "not_found": errors.NotFoundError, "conflict": errors.ConflictError, "invalid": errors.ValidationError,
    "storage": errors.StorageError,
    "stick_full": errors.StickFullError, "read_only": errors.StickReadOnlyError,  # issue 11: the stick itself
}
KINDS["restoring"] = errors.RestoreRunningError  # a restore is running: try again in a moment


def raise_for_answer(response: httpx.Response) -> None:
    """Raise the domain error an error answer stands for; return quietly on success."""
    if response.is_success:
        return
    try:
        body = response.json()
        kind, message = body.get("error", ""), body.get("message") or response.reason_phrase
    except ValueError:
        kind, message = "", f"The studio server answered {response.status_code} {response.reason_phrase}."
    if kind == "throttled":
        raise errors.ThrottledError(message, retry_after=float(response.headers.get("Retry-After", "1")))
    if kind == "busy":
        raise errors.BusyError(message, retry_after=float(response.headers.get("Retry-After", "1")))
    raise KINDS.get(kind, errors.DomainError)(message)


class ApiSession:
    """Holds the base URL and the login token; sends requests and decodes answers into models."""

    def __init__(self, base_url: str | Callable[[], str], timeout: float = 15.0,
                 transport: httpx.BaseTransport | None = None):
        """`base_url` is the API's address, or a call returning it that may wait for the API to start (the window
        opens before the API: app.cli.window); it is called before the first request, and raises a domain error
        when the API could not start."""
        self.token: str | None = None
        self._pending = None if isinstance(base_url, str) else base_url
        self._resolving = threading.Lock()
        self._http = httpx.Client(base_url=base_url if isinstance(base_url, str) else "", timeout=timeout,
                                  transport=transport, headers={"Accept": "application/json"})

    def _ready(self) -> None:
        """Learn the API's address once it is known (waiting for it to start, the first time only)."""
        if self._pending is None:
            return
        with self._resolving:
            if self._pending is not None:
                self._http.base_url = httpx.URL(self._pending())
                self._pending = None

    @overload
    def call(self, method: str, path: str, answer: type[T], *, json: BaseModel | JsonObject | None = None,
             params: Params | None = None, timeout: float | None = None) -> T: ...
    @overload
    def call(self, method: str, path: str, answer: None = None, *, json: BaseModel | JsonObject | None = None,
             params: Params | None = None, timeout: float | None = None) -> None: ...

    def call(self, method: str, path: str, answer: type[T] | None = None, *,
             json: BaseModel | JsonObject | None = None, params: Params | None = None,
             timeout: float | None = None) -> T | None:
        """Send one request; return the answer parsed as `answer` (a model or list[Model]), or None when
        no answer is asked for. `timeout` (seconds) replaces the session's for a request known to take long."""
        body = json.model_dump(mode="json", exclude_unset=True) if isinstance(json, BaseModel) else json
        response = self._send(method, path, json=body, params=params, timeout=timeout)
        if answer is None:
            return None
        if not response.content:
            raise errors.StorageError("The studio server sent an empty answer. Try again; if it keeps "
                                      "happening, restart the app.")
        return TypeAdapter(answer).validate_json(response.content)

    def fetch(self, path: str, params: Params | None = None) -> bytes:
        """GET a file (PNG, PDF, CSV) and return its bytes; errors as in `call`."""
        return self._send("GET", path, params=params).content

    def stream_text(self, method: str, path: str, *, json: BaseModel | JsonObject | None = None,
                    timeout: float | None = None) -> Iterator[str]:
        """Send one request and yield its text answer in pieces as they arrive (a refusal before the answer
        starts is raised as in `call`). Closing the iterator closes the connection: the server stops."""
        body = json.model_dump(mode="json", exclude_unset=True) if isinstance(json, BaseModel) else json
        self._ready()
        try:
            with self._http.stream(method, path, json=body, headers=self._headers(),
                                   timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT) as response:
                if not response.is_success:
                    response.read()
                    raise_for_answer(response)
                yield from response.iter_text()
        except httpx.TransportError as exc:
            raise errors.StorageError(f"The studio server cannot be reached ({exc.__class__.__name__}). "
                                      "Is the app still running?") from None

    def _headers(self) -> dict[str, str]:
        headers = {"Accept-Language": i18n.current()}  # the API's sentences in the screens' language
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def _send(self, method: str, path: str, *, json: JsonObject | None = None, params: Params | None = None,
              timeout: float | None = None) -> httpx.Response:
        """The one way out: token, parameters without Nones, transport failures and refusals as domain errors."""
        self._ready()
        headers = self._headers()
        params = {k: v for k, v in (params or {}).items() if v is not None}
        try:
            response = self._http.request(method, path, json=json, params=params, headers=headers,
                                          timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT)
        except httpx.TransportError as exc:
            raise errors.StorageError(f"The studio server cannot be reached ({exc.__class__.__name__}). "
                                      "Is the app still running?") from None
        raise_for_answer(response)
        return response

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()
