import json

import pytest

from llm_router.config import ConfigError, ProviderConfig, load_config


def test_load_config_reads_providers_and_settings(config_file):
    config = load_config(config_file)
    assert list(config.providers) == ["openai", "groq", "local"]
    assert config.default_model == "mini"
    assert config.temperature == 0.2
    assert config.providers["openai"].models["gpt-4o-mini-2024-07-18"] == "mini"
    # provider keys are normalised to lower case; display names are kept
    assert config.providers["openai"].name == "OpenAI"


def test_missing_file_raises_config_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "absent.json")


def test_provider_without_base_url_is_rejected(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"providers": {"x": {"name": "X"}}}), encoding="utf-8")
    with pytest.raises(ConfigError, match="base_url"):
        load_config(path)


def test_duplicate_alias_within_a_provider_is_rejected(tmp_path):
    raw = {"providers": {"x": {"name": "X", "base_url": "http://x", "models": {"a": "m", "b": "m"}}}}
    path = tmp_path / "dup.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ConfigError, match="repeats aliases: m"):
        load_config(path)


def test_find_model_accepts_long_name_or_alias():
    provider = ProviderConfig(name="P", base_url="http://p", models={"long-name": "short"})
    assert provider.find_model("long-name") == "long-name"
    assert provider.find_model("short") == "long-name"
    assert provider.find_model("other") is None


def test_api_key_comes_from_the_named_environment_variable():
    provider = ProviderConfig(name="P", base_url="http://p", api_key_env="P_KEY")
    assert provider.api_key({"P_KEY": "secret"}) == "secret"
    assert provider.api_key({}) is None
