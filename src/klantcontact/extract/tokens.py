"""Credentials per request: KISS's and Open Zaak's HS256 JWTs, Open Klant's static token.

KISS checks the signature (the UTF-8 bytes of its MANAGEMENTINFORMATIE_API_KEY) and the
lifetime, so a token carries iat and a short exp and is made anew shortly before it
expires. Open Zaak checks the signature with the client's secret and accepts a token for
JWT_EXPIRY (one hour by default) after its iat, with no leeway; a token per request keeps
long extracts and small clock differences harmless. Every credential can be remade once
when a system answers 401 (`renew`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

import jwt

KISS_LIFETIME = 300  # seconds
KISS_RENEW_BEFORE = 60  # make a new token when the current one expires within this


class Credentials(Protocol):
    def headers(self) -> dict[str, str]: ...

    def renew(self) -> None: ...


class KissTokens:
    def __init__(self, api_key: str, clock: Callable[[], float] = time.time) -> None:
        self._key = api_key.encode("utf-8")
        self._clock = clock
        self._token: str | None = None
        self._expires = 0.0

    def renew(self) -> None:
        now = int(self._clock())
        self._expires = now + KISS_LIFETIME
        self._token = jwt.encode(
            {"iat": now, "exp": now + KISS_LIFETIME}, self._key, algorithm="HS256"
        )

    def headers(self) -> dict[str, str]:
        if self._token is None or self._clock() > self._expires - KISS_RENEW_BEFORE:
            self.renew()
        return {"Authorization": f"Bearer {self._token}"}

    def __repr__(self) -> str:
        return "KissTokens(***)"


class OpenKlantToken:
    def __init__(self, token: str) -> None:
        self._token = token

    def renew(self) -> None:
        """A static token: the retry after a 401 sends it again."""

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Token {self._token}"}

    def __repr__(self) -> str:
        return "OpenKlantToken(***)"


class OpenZaakTokens:
    def __init__(
        self, client_id: str, secret: str, clock: Callable[[], float] = time.time
    ) -> None:
        self._client_id = client_id
        self._secret = secret.encode("utf-8")
        self._clock = clock

    def renew(self) -> None:
        """Every request gets a new token already."""

    def token(self) -> str:
        return jwt.encode(
            {
                "iss": self._client_id,
                "iat": int(self._clock()),
                "client_id": self._client_id,
                "user_id": self._client_id,
                "user_representation": self._client_id,
            },
            self._secret,
            algorithm="HS256",
        )

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token()}"}

    def __repr__(self) -> str:
        return f"OpenZaakTokens({self._client_id!r}, ***)"
