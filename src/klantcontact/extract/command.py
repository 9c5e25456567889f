"""`klantcontact extract [SYSTEM...]`: check the settings of every system asked for (none
named: every system whose base URL is set), work out each window, then extract the
systems one after another. A system that fails does not stop the others.

Exit 0 when every extract finished, 1 when one failed (one line on stderr per failed
system: the system, endpoint, page and cause; its completed pages stay, without a
manifest), 2 when a setting is missing or wrong (nothing requested).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from klantcontact.extract import kiss, openklant, openzaak
from klantcontact.extract.errors import ConfigError, ExtractError
from klantcontact.extract.http import ApiClient, HttpOptions
from klantcontact.extract.pages import SystemPages
from klantcontact.extract.tokens import Credentials, KissTokens, OpenKlantToken, OpenZaakTokens
from klantcontact.extract.window import UTC, Window, resolve
from klantcontact.settings import ExtractSettings

SYSTEMS = ("kiss", "openklant", "openzaak")
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


@dataclass(frozen=True)
class Options:
    http: HttpOptions = HttpOptions()
    kiss_page_size: int = kiss.MAX_PAGE_SIZE
    openklant_page_size: int = openklant.MAX_PAGE_SIZE


@dataclass(frozen=True)
class System:
    name: str
    area: str
    base_url: str
    credentials: Credentials
    auth_settings: str
    endpoints: dict[str, str]
    main: str
    extract: Callable[[ApiClient, SystemPages, Window], None]


def _require(system: str, names: dict[str, str | None]) -> None:
    """ConfigError unless every named variable is set and the _URL one is a base URL."""
    missing = [name for name, value in names.items() if not value]
    if missing:
        raise ConfigError(
            f"{system}: set {' and '.join(missing)} (environment or klantcontact.env)"
        )
    variable = next(name for name in names if name.endswith("_URL"))
    url = urlsplit(names[variable] or "")
    if url.scheme not in ("http", "https") or not url.hostname or url.query or url.fragment:
        raise ConfigError(
            f"{system}: {variable} must be a base URL such as https://host[/path]"
        )


def warnings(settings: ExtractSettings, systems: Sequence[str]) -> list[str]:
    """Base URLs that would send a credential unencrypted to another machine."""
    urls = {
        "kiss": ("KCC_KISS_URL", settings.kiss_url),
        "openklant": ("KCC_OPENKLANT_URL", settings.openklant_url),
        "openzaak": ("KCC_OPENZAAK_URL", settings.openzaak_url),
    }
    found = []
    for system in systems:
        variable, url = urls[system]
        parts = urlsplit(url or "")
        if parts.scheme == "http" and parts.hostname not in LOCAL_HOSTS:
            found.append(f"{variable} is http, not https: the credentials travel unencrypted")
    return found


def _system(name: str, settings: ExtractSettings, options: Options) -> System:
    """The system with its credentials; ConfigError when a setting is missing."""
    if name == "kiss":
        _require(name, {
            "KCC_KISS_URL": settings.kiss_url, "KCC_KISS_API_KEY": settings.kiss_api_key,
        })  # fmt: skip
        assert settings.kiss_url and settings.kiss_api_key
        return System(
            name, kiss.AREA, settings.kiss_url, KissTokens(settings.kiss_api_key),
            kiss.AUTH_SETTINGS, kiss.ENDPOINTS, kiss.MAIN,
            lambda client, pages, window: kiss.extract(
                client, pages, window, options.kiss_page_size
            ),
        )  # fmt: skip
    if name == "openklant":
        _require(name, {
            "KCC_OPENKLANT_URL": settings.openklant_url,
            "KCC_OPENKLANT_TOKEN": settings.openklant_token,
        })  # fmt: skip
        assert settings.openklant_url and settings.openklant_token
        return System(
            name, openklant.AREA, settings.openklant_url,
            OpenKlantToken(settings.openklant_token), openklant.AUTH_SETTINGS,
            openklant.ENDPOINTS, openklant.MAIN,
            lambda client, pages, window: openklant.extract(
                client, pages, window, options.openklant_page_size
            ),
        )  # fmt: skip
    if name == "openzaak":
        _require(name, {
            "KCC_OPENZAAK_URL": settings.openzaak_url,
            "KCC_OPENZAAK_CLIENT_ID": settings.openzaak_client_id,
            "KCC_OPENZAAK_SECRET": settings.openzaak_secret,
        })  # fmt: skip
        assert settings.openzaak_url and settings.openzaak_client_id
        assert settings.openzaak_secret
        return System(
            name, openzaak.AREA, settings.openzaak_url,
            OpenZaakTokens(settings.openzaak_client_id, settings.openzaak_secret),
            openzaak.AUTH_SETTINGS, openzaak.ENDPOINTS, openzaak.MAIN, openzaak.extract,
        )  # fmt: skip
    raise ConfigError(f"unknown system {name!r} (choose from {', '.join(SYSTEMS)})")


def configured(settings: ExtractSettings) -> list[str]:
    """The systems whose base URL is set."""
    urls = {
        "kiss": settings.kiss_url,
        "openklant": settings.openklant_url,
        "openzaak": settings.openzaak_url,
    }
    return [name for name in SYSTEMS if urls[name]]


def _plan(
    names: Sequence[str], settings: ExtractSettings, raw_dir: Path, options: Options,
    now: dt.datetime,
) -> list[tuple[System, Window]]:  # fmt: skip
    if settings.problems:
        raise ConfigError("; ".join(settings.problems))
    if not names:
        names = configured(settings)
        if not names:
            raise ConfigError(
                "no system to extract: set KCC_KISS_URL, KCC_OPENKLANT_URL and/or "
                "KCC_OPENZAAK_URL (environment or klantcontact.env), see docs/extract.md"
            )
    plan = []
    for name in dict.fromkeys(names):
        system = _system(name, settings, options)
        window = resolve(
            settings.extract_from, settings.extract_to, raw_dir / system.area, name, now
        )
        plan.append((system, window))
    return plan


def _extract(system: System, window: Window, raw_dir: Path, options: Options) -> SystemPages:
    pages = SystemPages(raw_dir / system.area / window.folder, system.name, system.endpoints)
    client = ApiClient(
        system.base_url, system.credentials, system.auth_settings,
        f"KCC_{system.name.upper()}_URL", options.http,
    )  # fmt: skip
    try:
        pages.start()
        system.extract(client, pages, window)
        pages.finish(window, system.main)
    finally:
        client.close()
    return pages


def run(
    systems: Sequence[str],
    settings: ExtractSettings,
    raw_dir: Path,
    options: Options = Options(),
    now: dt.datetime | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Extract systems (none: every configured one) into raw_dir; the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        plan = _plan(systems, settings, raw_dir, options, now or dt.datetime.now(UTC))
    except ConfigError as error:
        print(f"klantcontact extract: {error}", file=err)
        return 2
    for warning in warnings(settings, [system.name for system, _ in plan]):
        print(f"klantcontact extract: warning: {warning}", file=err)
    status = 0
    for system, window in plan:
        folder = raw_dir / system.area / window.folder
        print(
            f"{system.name}: {window.as_json()['from']} .. {window.as_json()['to']} "
            f"into {folder}",
            file=out,
        )
        try:
            pages = _extract(system, window, raw_dir, options)
        except ExtractError as error:
            kept = sum(1 for path in folder.glob("*.json") if _owned(path, system))
            print(
                f"klantcontact extract: {system.name} failed: {error} "
                f"({_count(kept, 'completed page')} kept in {folder}, no manifest)",
                file=err,
            )
            status = 1
            continue
        except OSError as error:
            print(
                f"klantcontact extract: {system.name} failed: cannot write in {folder}: "
                f"{error.strerror or error}",
                file=err,
            )
            status = 1
            continue
        for name, entry in pages.resources.items():
            print(
                f"  {name}: {_count(entry.pages, 'page')}, {_count(entry.records, 'record')}",
                file=out,
            )
    return status


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _owned(path: Path, system: System) -> bool:
    return path.name.rsplit("-", 1)[0] in system.endpoints
