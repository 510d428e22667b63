import pytest

from llm_router.api import ChatCompletionApi, split_model_string


def test_split_model_string():
    assert split_model_string("OpenAI/gpt-4o") == ("openai", "gpt-4o")
    assert split_model_string("mini") == (None, "mini")
    assert split_model_string("groq/org/model") == ("groq", "org/model")


def test_merged_models_lists_every_provider_in_order(api):
    merged = api.merged_models()
    assert merged[0] == ("openai", "gpt-4o-2024-08-06", "4o")
    assert ("local", "shared-model", "") in merged
    assert len(merged) == 6


def test_resolve_provider_for_model_by_alias(api):
    provider, model = api.resolve_provider_for_model("mini")
    assert provider.name == "OpenAI"
    assert model == "gpt-4o-mini-2024-07-18"


def test_resolve_provider_for_model_with_prefix(api):
    provider, model = api.resolve_provider_for_model("local/shared-model")
    assert provider.name == "Local"
    assert model == "shared-model"


def test_resolve_provider_for_model_first_provider_wins(api):
    provider, _ = api.resolve_provider_for_model("shared-model")
    assert provider.name == "Groq"


@pytest.mark.parametrize(
    ("model_string", "message"),
    [
        ("nope", "Invalid model: nope"),
        ("groq/mini", "Invalid model for provider groq: mini"),
        ("acme/mini", "Unknown provider: acme"),
    ],
)
def test_resolve_provider_for_model_errors(api, model_string, message):
    with pytest.raises(ValueError, match=message):
        api.resolve_provider_for_model(model_string)


def test_build_request_adds_bearer_token_when_key_is_set(api, monkeypatch):
    monkeypatch.setenv("TEST_OPENAI_KEY", "sk-test")
    request = api.build_request("4o", [{"role": "user", "content": "hi"}])
    assert request.url == "https://api.openai.test/v1/chat/completions"
    assert request.headers["Authorization"] == "Bearer sk-test"
    assert request.payload == {
        "model": "gpt-4o-2024-08-06",
        "messages": [{"role": "user", "content": "hi"}],
        "temperature": 0.2,
    }


def test_complete_returns_reply_text(api, transport):
    assert api.complete("qwen", [{"role": "user", "content": "ping"}]) == "pong"
    url, headers, payload = transport.calls[0]
    assert url == "http://127.0.0.1:8080/v1/chat/completions"
    assert "Authorization" not in headers
    assert payload["model"] == "qwen2.5-7b-instruct"


def test_complete_rejects_malformed_response(providers):
    api = ChatCompletionApi(providers, transport=lambda url, headers, payload: {"error": "boom"})
    with pytest.raises(RuntimeError, match="Malformed"):
        api.complete("4o", [])
