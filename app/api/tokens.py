"""Login tokens: JWT, HS256 only, with expiry, audience and the user's token version."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import jwt

from app.core.i18n import _
from app.domain.errors import AuthError
from app.domain.records import User

AUDIENCE = "tattoo-stick-api"
ALGORITHMS = ["HS256"]  # the allowlist: 'none' and asymmetric algorithms are never accepted


class TokenIssuer:
    """Sign and check tokens with a secret that lives only in this process's memory."""

    def __init__(self, ttl: timedelta = timedelta(hours=12), secret: bytes | None = None):
        self.ttl = ttl
        self._secret = secret or secrets.token_bytes(32)

    def issue(self, user: User, now: datetime) -> str:
        """Return a token for `user`, valid for `ttl` from `now`."""
        claims = {"sub": user.id, "ver": user.token_version, "aud": AUDIENCE,
                  "iat": int(now.timestamp()), "exp": int((now + self.ttl).timestamp())}
        return jwt.encode(claims, self._secret, algorithm="HS256")

    def read(self, token: str) -> tuple[str, int]:
        """Return (user id, token version) from a valid token, or raise AuthError."""
        try:
            claims = jwt.decode(token, self._secret, algorithms=ALGORITHMS, audience=AUDIENCE,
                                options={"require": ["exp", "aud", "sub", "iat"]})
        except jwt.ExpiredSignatureError:
            raise AuthError(_("Your login has expired. Log in again.")) from None
        except jwt.InvalidTokenError:
            raise AuthError(_("The login token is not valid. Log in again.")) from None
        version = claims.get("ver")
        if not isinstance(version, int):
            raise AuthError(_("The login token is not valid. Log in again."))
        return claims["sub"], version
