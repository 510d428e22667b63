"""Shared fixtures: a small provider set, a config file on disk and a fake transport."""

from __future__ import annotations

import json

import pytest

from llm_router.api import ChatCompletionApi
from llm_router.config import ProviderConfig

RAW_CONFIG = {
    "default_model": "mini",
    "temperature": 0.2,
    "providers": {
        "OpenAI": {
            "name": "OpenAI",
            "base_url": "https://api.openai.test/v1/",
            "api_key_env": "TEST_OPENAI_KEY",
            "models": {"gpt-4o-2024-08-06": "4o", "gpt-4o-mini-2024-07-18": "mini"},
        },
        "groq": {
            "name": "Groq",
            "base_url": "https://api.groq.test/openai/v1",
            "models": {"llama-3.1-8b-instant": "llama-fast", "shared-model": "shared"},
        },
        "local": {
            "name": "Local",
            "base_url": "http://127.0.0.1:8080/v1",
            "models": {"shared-model": "", "qwen2.5-7b-instruct": "qwen"},
        },
    },
}


class FakeTransport:
    """Records every request and answers with a canned completion."""

    def __init__(self, reply: str = "pong") -> None:
        self.reply = reply
        self.calls: list[tuple[str, dict, dict]] = []

    def __call__(self, url: str, headers: dict, payload: dict) -> dict:
        self.calls.append((url, headers, payload))
        return {"choices": [{"message": {"role": "assistant", "content": self.reply}}]}


@pytest.fixture
def config_file(tmp_path):
    path = tmp_path / "providers.json"
    path.write_text(json.dumps(RAW_CONFIG), encoding="utf-8")
    return path


@pytest.fixture
def providers() -> dict[str, ProviderConfig]:
    return {
        key.lower(): ProviderConfig(
            name=raw["name"],
            base_url=raw["base_url"],
            api_key_env=raw.get("api_key_env", ""),
            models=dict(raw["models"]),
        )
        for key, raw in RAW_CONFIG["providers"].items()
    }


@pytest.fixture
def transport() -> FakeTransport:
    return FakeTransport()


@pytest.fixture
def api(providers, transport) -> ChatCompletionApi:
    return ChatCompletionApi(providers, transport=transport, temperature=0.2)
