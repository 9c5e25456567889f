"""Pages and manifests on disk, written so that a build never sees a partial file.

A system's extract writes into <raw_dir>/<area>/<YYYY-MM-DD>/ (area kcs for KISS and Open
Klant, zaken for Open Zaak): every page as `<resource>-<n>.json` with the body exactly as
the API returned it, n counting 1, 2, 3, ... per resource in request order, and last
`<system>.manifest.json`. Each file is written to a hidden temporary name in the same
folder and renamed into place. Before writing, the system's manifest and pages of an
earlier run of the folder are removed, so a page number that no longer exists does not
linger, and pages without a manifest mean an extract that did not finish.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from klantcontact.extract.window import Window


def write_atomic(path: Path, data: bytes) -> None:
    """path holds data, or (after any failure) what it held before: never a partial file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@dataclass
class Resource:
    endpoint: str
    pages: int = 0
    records: int = 0
    api_version: str | None = None


class SystemPages:
    """One system's pages in one folder."""

    def __init__(self, folder: Path, system: str, endpoints: dict[str, str]) -> None:
        self.folder = folder
        self.system = system
        # resource -> endpoint (path below the base URL), in manifest order.
        self.resources = {name: Resource(endpoint) for name, endpoint in endpoints.items()}
        self.written: list[Path] = []

    @property
    def manifest_path(self) -> Path:
        return self.folder / f"{self.system}.manifest.json"

    def _own_files(self) -> Iterable[Path]:
        names = "|".join(re.escape(name) for name in self.resources)
        page = re.compile(rf"^\.?({names})-\d+\.json(\.\d+\.tmp)?$")
        for path in self.folder.iterdir():
            if page.match(path.name) or path.name.startswith(f".{self.manifest_path.name}."):
                yield path

    def start(self) -> None:
        """Make the folder and remove this system's manifest, then its pages."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.manifest_path.unlink(missing_ok=True)
        for path in sorted(self._own_files()):
            path.unlink()

    def write(self, resource: str, body: bytes, records: int, api_version: str | None) -> Path:
        """Write the next page of resource; returns its path."""
        entry = self.resources[resource]
        entry.pages += 1
        entry.records += records
        entry.api_version = entry.api_version or api_version
        path = self.folder / f"{resource}-{entry.pages}.json"
        write_atomic(path, body)
        self.written.append(path)
        return path

    def next_file(self, resource: str) -> str:
        """The name the next page of resource will get (for messages)."""
        return f"{resource}-{self.resources[resource].pages + 1}.json"

    def finish(self, window: Window, main_resource: str) -> Path:
        """Write the manifest (last): the window, the API-version of the main resource,
        and per resource its endpoint, pages, records and API-version. No run times, so
        the same window gives the same bytes."""
        manifest: dict[str, Any] = {
            "system": self.system,
            "window": window.as_json(),
            "api_version": self.resources[main_resource].api_version,
            "resources": {
                name: {
                    "endpoint": entry.endpoint,
                    "pages": entry.pages,
                    "records": entry.records,
                    "api_version": entry.api_version,
                }
                for name, entry in self.resources.items()
            },
        }
        text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        write_atomic(self.manifest_path, text.encode("utf-8"))
        return self.manifest_path
