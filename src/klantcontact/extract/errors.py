"""The two ways an extract stops: a setting that is missing or wrong (exit 2, nothing
requested) and a system that fails during the extract (exit 1, completed pages kept)."""

from __future__ import annotations


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable, never a secret."""


class ExtractError(Exception):
    """A request failed for good. The message names the endpoint and page; the system and
    where the completed pages are is added by the command."""
