from llm_router.commands import CommandHandler


def test_model_command_switches_to_canonical_name(api):
    handler = CommandHandler(api)
    assert handler.handle("/model llama-fast") == "Model set to llama-3.1-8b-instant (Groq)"
    assert handler.model == "llama-3.1-8b-instant"
    assert handler.handle("/model") == "Current model: llama-3.1-8b-instant"


def test_unknown_model_or_command_is_reported(api):
    handler = CommandHandler(api, model="mini")
    assert handler.handle("/model missing") == "Error: Invalid model: missing"
    assert handler.model == "mini"
    assert handler.handle("/frobnicate") == "Unknown command: /frobnicate (try /help)"


def test_models_command_lists_scoped_names(api):
    lines = CommandHandler(api).handle("/models").splitlines()
    assert lines[0] == "openai/gpt-4o-2024-08-06 (4o)"
    assert "local/shared-model" in lines


def test_providers_command(api):
    output = CommandHandler(api).handle("/providers")
    assert output.splitlines()[1] == "groq: Groq <https://api.groq.test/openai/v1>"


def test_chat_keeps_history_and_clear_resets_it(api, transport):
    handler = CommandHandler(api, model="mini")
    assert handler.handle("hello") == "pong"
    assert [m["role"] for m in handler.history] == ["user", "assistant"]
    assert transport.calls[0][2]["messages"] == [{"role": "user", "content": "hello"}]
    assert handler.handle("/clear") == "Conversation cleared."
    assert handler.history == []


def test_chat_without_model_asks_for_one(api, transport):
    assert CommandHandler(api).handle("hello").startswith("No model selected")
    assert transport.calls == []
