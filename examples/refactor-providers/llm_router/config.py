"""Provider configuration: plain data classes and the JSON loader."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_TEMPERATURE = 0.7


class ConfigError(ValueError):
    """Raised when a configuration file is missing, malformed or inconsistent."""


@dataclass
class ProviderConfig:
    """One OpenAI-compatible endpoint and the models it serves.

    ``models`` maps each canonical (long) model name to a short alias.
    """

    name: str
    base_url: str
    api_key_env: str = ""
    models: dict[str, str] = field(default_factory=dict)

    def api_key(self, environ: Mapping[str, str] | None = None) -> str | None:
        """Return the API key from the environment, or None when unset."""
        env = os.environ if environ is None else environ
        if not self.api_key_env:
            return None
        return env.get(self.api_key_env) or None

    def find_model(self, name: str) -> str | None:
        """Return the canonical name for ``name`` (a long name or an alias)."""
        if name in self.models:
            return name
        for long_name, alias in self.models.items():
            if alias == name:
                return long_name
        return None

    def model_names(self) -> list[str]:
        """Canonical model names, in configuration order."""
        return list(self.models)


@dataclass
class RouterConfig:
    """The whole configuration file once loaded."""

    providers: dict[str, ProviderConfig]
    default_model: str | None = None
    temperature: float = DEFAULT_TEMPERATURE


def _parse_provider(key: str, raw: Any) -> ProviderConfig:
    if not isinstance(raw, dict):
        raise ConfigError(f"provider '{key}' must be an object")
    for required in ("name", "base_url"):
        if not isinstance(raw.get(required), str) or not raw[required]:
            raise ConfigError(f"provider '{key}' is missing '{required}'")
    models = raw.get("models", {})
    if not isinstance(models, dict):
        raise ConfigError(f"provider '{key}': 'models' must map names to aliases")
    aliases = [alias for alias in models.values() if alias]
    duplicates = sorted({alias for alias in aliases if aliases.count(alias) > 1})
    if duplicates:
        raise ConfigError(f"provider '{key}' repeats aliases: {', '.join(duplicates)}")
    return ProviderConfig(
        name=raw["name"],
        base_url=raw["base_url"],
        api_key_env=raw.get("api_key_env", ""),
        models=dict(models),
    )


def load_config(path: str | Path) -> RouterConfig:
    """Read a JSON configuration file and return a validated RouterConfig.

    Provider keys are normalised to lower case.
    """
    file = Path(path)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"configuration file not found: {file}") from exc
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{file}: invalid JSON ({exc.msg})") from exc

    raw_providers = data.get("providers")
    if not isinstance(raw_providers, dict) or not raw_providers:
        raise ConfigError(f"{file}: 'providers' must be a non-empty object")
    providers: dict[str, ProviderConfig] = {}
    for key, raw in raw_providers.items():
        normalised = key.lower()
        if normalised in providers:
            raise ConfigError(f"{file}: provider '{key}' is defined twice")
        providers[normalised] = _parse_provider(normalised, raw)

    temperature = data.get("temperature", DEFAULT_TEMPERATURE)
    if not isinstance(temperature, (int, float)) or not 0.0 <= temperature <= 2.0:
        raise ConfigError(f"{file}: 'temperature' must be a number between 0 and 2")

    return RouterConfig(
        providers=providers,
        default_model=data.get("default_model"),
        temperature=float(temperature),
    )
