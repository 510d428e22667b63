"""Chat completion client for OpenAI-compatible providers."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from llm_router.config import DEFAULT_TEMPERATURE, ProviderConfig

Transport = Callable[[str, dict[str, str], dict[str, Any]], dict[str, Any]]


def split_model_string(model_string: str) -> tuple[str | None, str]:
    """Split ``"provider/model"``; a bare model name gives ``(None, model)``."""
    if "/" not in model_string:
        return None, model_string
    prefix, model = model_string.split("/", 1)
    return prefix.lower(), model


def http_transport(url: str, headers: dict[str, str], payload: dict[str, Any]) -> dict[str, Any]:
    """POST ``payload`` as JSON and return the decoded JSON response."""
    body = json.dumps(payload).encode("utf-8")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


@dataclass
class ChatRequest:
    url: str
    headers: dict[str, str]
    payload: dict[str, Any]


class ChatCompletionApi:
    """Builds chat requests, resolves models and sends requests through a transport."""

    def __init__(
        self,
        providers: dict[str, ProviderConfig],
        transport: Transport | None = None,
        temperature: float = DEFAULT_TEMPERATURE,
    ) -> None:
        self.providers = providers
        self.transport = transport or http_transport
        self.temperature = temperature

    def merged_models(self) -> list[tuple[str, str, str]]:
        """Every model of every provider as ``(provider_key, long_name, alias)``."""
        return [
            (key, long_name, alias)
            for key, provider in self.providers.items()
            for long_name, alias in provider.models.items()
        ]

    def resolve_provider_for_model(self, model_string: str) -> tuple[ProviderConfig, str]:
        """Find the provider serving ``model_string`` and the model's canonical name.

        A ``provider/`` prefix selects the provider; otherwise providers are
        searched in configuration order and the first match wins.
        """
        prefix, model = split_model_string(model_string)
        if prefix is not None:
            provider = self.providers.get(prefix)
            if provider is None:
                raise ValueError(f"Unknown provider: {prefix}")
            long_name = provider.find_model(model)
            if long_name is None:
                raise ValueError(f"Invalid model for provider {prefix}: {model}")
            return provider, long_name
        for provider in self.providers.values():
            long_name = provider.find_model(model)
            if long_name is not None:
                return provider, long_name
        raise ValueError(f"Invalid model: {model}")

    def build_request(self, model_string: str, messages: list[dict[str, str]]) -> ChatRequest:
        provider, model = self.resolve_provider_for_model(model_string)
        headers = {"Content-Type": "application/json"}
        key = provider.api_key()
        if key:
            headers["Authorization"] = f"Bearer {key}"
        payload = {"model": model, "messages": messages, "temperature": self.temperature}
        url = provider.base_url.rstrip("/") + "/chat/completions"
        return ChatRequest(url=url, headers=headers, payload=payload)

    def complete(self, model_string: str, messages: list[dict[str, str]]) -> str:
        """Send ``messages`` to the resolved model and return the reply text."""
        request = self.build_request(model_string, messages)
        response = self.transport(request.url, request.headers, request.payload)
        try:
            return response["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError) as exc:
            raise RuntimeError(f"Malformed completion response: {response!r}") from exc
